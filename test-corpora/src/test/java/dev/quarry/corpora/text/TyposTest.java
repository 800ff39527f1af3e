package dev.quarry.corpora.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TyposTest {

    @Test
    void changesExactlyOneWord() {
        String text = "can you help me plan a trip to Lisbon";
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            String typo = Typos.introduce(text, rng);
            String[] before = text.split(" ");
            String[] after = typo.split(" ");
            assertEquals(before.length, after.length);
            int changed = 0;
            for (int w = 0; w < before.length; w++) {
                if (!before[w].equals(after[w])) {
                    changed++;
                }
            }
            assertTrue(changed <= 1, typo);
        }
    }

    @Test
    void leavesTextWithoutLongWordsAlone() {
        assertEquals("ok so why?", Typos.introduce("ok so why?", new SplittableRandom(1)));
    }

    @Test
    void usuallyChangesSomething() {
        assertNotEquals("travelling tomorrow", Typos.introduce("travelling tomorrow", new SplittableRandom(2)));
    }
}
