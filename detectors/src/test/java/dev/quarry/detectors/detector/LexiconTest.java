package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconTest {
    @Test
    void findsACueAsWholeWordsExactlyWhereTheSpacedCueOccurs() {
        List<String> texts = List.of(" ", " step by step ", " stepbystep ", " a step by stepping ", " by step by step ",
                " think step by step please ", " step by ", " x step by step");
        List<String> cues = List.of("step by step", "step", "by step", "stepping", "x", "please", "", "step by step please");
        for (String text : texts) {
            for (String cue : cues) {
                assertEquals(text.contains(" " + cue + " "), Lexicon.containsWord(text, cue), "'" + cue + "' in '" + text + "'");
            }
        }
    }

    @Test
    void countsANestedCueOnce() {
        assertEquals(1, Lexicon.count(" solve it step by step ", List.of("step by step", "by step")));
        assertEquals(2, Lexicon.count(" step by step and explain why ", List.of("step by step", "explain why")));
    }
}
