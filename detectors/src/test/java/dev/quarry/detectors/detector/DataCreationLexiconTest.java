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

    /**
     * A system prompt says what the assistant does in the third person, and a stated purpose can be
     * the verb's object itself (Persona Hub's and Self-Instruct's pipelines set a data-generator
     * role once, then send only the seed).
     */
    @Test
    void readsThirdPersonVerbsAndAStatedPurposeAsTheObject() {
        assertEquals(List.of("creation", "purpose"),
                cues("You are an assistant that generates varied synthetic data for model training."));
        assertEquals(List.of("creation", "purpose"), cues("This tool produces training data."));
        assertEquals(List.of("creation", "persona"), cues("The bot writes one question for each persona."));
        // A purpose named with no creation verb reaching it is a marker only, not a request.
        assertEquals(List.of(), cues("Our synthetic data policy is attached."));
        assertEquals(List.of(), cues("She writes to us every week. Synthetic data is her field."));
    }
}
