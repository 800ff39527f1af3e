package dev.quarry.corpora.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskBankTest {

    @Test
    void holdsTensOfThousandsOfDistinctTasks() {
        Set<String> tasks = new HashSet<>();
        for (int i = 0; i < TaskBank.size(); i++) {
            tasks.add(TaskBank.task(i));
        }
        assertTrue(TaskBank.size() > 20_000);
        assertEquals(TaskBank.size(), tasks.size());
    }

    @Test
    void fillsEveryPlaceholder() {
        for (int i = 0; i < TaskBank.size(); i += 97) {
            assertTrue(!TaskBank.task(i).contains("{"), TaskBank.task(i));
        }
    }

    @Test
    void rejectsIndexesOutsideTheBank() {
        assertThrows(IndexOutOfBoundsException.class, () -> TaskBank.task(TaskBank.size()));
    }
}
