package dev.quarry.detectors.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignatureConfigTest {

    @Test
    void resolvingASimilarityNeedsMoreSlotsThanOneEqualSlotReaches() {
        assertEquals(6, SignatureConfig.slotsToResolve(0.2));
        assertEquals(5, SignatureConfig.slotsToResolve(0.25));
        assertEquals(4, SignatureConfig.slotsToResolve(0.3));
        assertEquals(2, SignatureConfig.slotsToResolve(1.0));
        assertEquals(1, SignatureConfig.slotsToResolve(0.0));
    }

    @Test
    void theDefaultsMeetEveryReadersNeed() {
        DetectionConfig detection = new DetectionConfig();
        SignatureUser[] users = {detection.templatedQueries(), detection.launchPivot(), detection.hydra()};
        for (SignatureUser user : users) {
            SignatureUser.Need need = user.signatureNeed();
            assertTrue(need.slots() <= SignatureConfig.DEFAULT_SLOTS, need.reason());
        }
    }

    @Test
    void launchPivotNeedsNoMoreSlotsThanItCompares() {
        LaunchPivotConfig pivot = new LaunchPivotConfig();
        pivot.templateSimilarity(0.01);
        assertEquals(32, pivot.signatureNeed().slots());
    }

    @Test
    void theMinHashFamilyHasTheConfiguredSlots() {
        SignatureConfig signatures = new SignatureConfig();
        signatures.slots(16);
        assertEquals(16, signatures.minHasher().slots());
    }
}
