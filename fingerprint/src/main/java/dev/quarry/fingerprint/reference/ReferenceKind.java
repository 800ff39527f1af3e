package dev.quarry.fingerprint.reference;

import java.util.Locale;
import java.util.Optional;

/**
 * What a public reference set is, as its folder is marked in {@link ReferenceKinds KINDS.tsv}:
 * it decides whether a prompt repeating one of its items is evidence of harvesting.
 *
 * <ul>
 *   <li>{@link #BENCHMARK}: evaluation sets (GSM8K, MMLU, MT-bench, AlpacaEval). Harvesters walk
 *       them for worked solutions; evaluation teams walk them too, one benchmark at a time.
 *       The kind of a folder {@code KINDS.tsv} does not list;
 *   <li>{@link #INSTRUCTION}: training-data instructions (Self-Instruct, Alpaca, Code Alpaca, the
 *       Orca system messages) that nobody evaluates on: answers to them are training data;
 *   <li>{@link #CONVERSATION}: real users' prompts (Open-Assistant, hh-rlhf), which other real
 *       users also type, so repeating one says little;
 *   <li>{@link #TRACE}: timing and token counts only; such folders are not read.
 * </ul>
 */
public enum ReferenceKind {
    BENCHMARK,
    INSTRUCTION,
    CONVERSATION,
    TRACE;

    /** The kind as written in {@code KINDS.tsv} and in evidence: its lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind whose {@link #label()} is {@code label} (any case), or empty for another word. */
    public static Optional<ReferenceKind> ofLabel(String label) {
        for (ReferenceKind k : values()) {
            if (k.label().equalsIgnoreCase(label)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** True for the kinds whose items a harvester walks: benchmark and instruction sets. */
    public boolean harvested() {
        return this == BENCHMARK || this == INSTRUCTION;
    }
}
