package dev.quarry.corpora.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GrammarTest {
    private final Grammar grammar = Grammar.builder()
            .slot("greeting", "hi {name}", "hello {name}")
            .slot("name", "Ada", "Grace")
            .build();

    @Test
    void expandsNestedSlots() {
        String text = grammar.expand("{greeting}!", new SplittableRandom(1));
        assertTrue(text.matches("(hi|hello) (Ada|Grace)!"), text);
    }

    @Test
    void sameGeneratorStateGivesTheSameText() {
        assertEquals(grammar.expand("{greeting} and {name}", new SplittableRandom(9)),
                grammar.expand("{greeting} and {name}", new SplittableRandom(9)));
    }

    @Test
    void rejectsAnAlternativeThatNamesAnUnknownSlot() {
        assertThrows(IllegalArgumentException.class, () -> Grammar.builder().slot("a", "{b}").build());
    }

    @Test
    void rejectsAnUnknownSlotInATemplate() {
        assertThrows(IllegalArgumentException.class, () -> grammar.expand("{nope}", new SplittableRandom(1)));
    }

    @Test
    void failsFastOnACycle() {
        Grammar cyclic = Grammar.builder().slot("a", "x{a}").build();
        assertThrows(IllegalStateException.class, () -> cyclic.expand("{a}", new SplittableRandom(1)));
    }
}
