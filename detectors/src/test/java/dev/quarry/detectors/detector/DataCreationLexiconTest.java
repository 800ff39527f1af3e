package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataCreationLexiconTest {

    private static List<String> cues(String text) {
        return DataCreationLexicon.scoreRaw(text).cues();
    }

    @Test
    void findsEachKindOfSweepMarkerBesideACreationVerbAndItsObject() {
        assertEquals(List.of("creation", "persona"),
                cues("Create a math problem related to the following persona: a retired sailor."));
        assertEquals(List.of("creation", "diversity"), cues("Generate 20 diverse questions about volcanoes."));
        assertEquals(List.of("creation", "taxonomy"),
                cues("For the discipline of chemistry, write homework problems for each class."));
        assertEquals(List.of("creation", "purpose"),
                cues("Write ten questions with answers; they are training data for a tutor model."));
        assertEquals(List.of("creation", "evolution"),
                cues("Create a brand new prompt on the same topic as the given prompt."));
        assertEquals(List.of("creation", "diversity", "purpose"),
                cues("Come up with 20 diverse task instructions. They will be given to a GPT model."));
    }

    @Test
    void readsAPhraseOnlyAsAWholeRunOfWordsAndADiversityWordOnlyNearAnObject() {
        // "training" without "data", "fine" without "tuning": no stated purpose.
        assertEquals(List.of("creation"), cues("Write practice questions for the training of new staff, fine ones."));
        assertEquals(List.of("creation"), cues("Come up with five quiz questions."));
        // "diverse" with no object in the three words after it.
        assertEquals(List.of("creation"),
                cues("Our team is diverse and spread over many countries and offices. Create three questions."));
        assertEquals(List.of(), cues("Write me a poem about the sea, in a diverse set of styles."));
    }

    /** A data object with no creation verb before it in its sentence is not a request to create data. */
    @Test
    void needsACreationVerbBeforeTheObjectInTheSameSentence() {
        assertEquals(List.of(), cues("Questions come in every week."));
        assertEquals(List.of(), cues("Answer these questions about the persona below."));
        assertEquals(0.0, DataCreationLexicon.scoreRaw("Answer these questions about the persona below.").value());
        // The verb of an earlier sentence does not reach into the next one.
        assertEquals(List.of(), cues("Write to me. Questions follow."));
    }
}
