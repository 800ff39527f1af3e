package dev.quarry.corpora.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A small template grammar: {@code {slot}} placeholders expand to a uniformly chosen alternative
 * of that slot, and alternatives may themselves hold placeholders. All randomness comes from the
 * caller's {@link SplittableRandom}, so the same generator state always expands to the same text.
 *
 * <p>Every placeholder is checked when the grammar is built, so {@link #expand} cannot meet an
 * unknown slot in an alternative; a template passed to {@code expand} is checked as it is
 * expanded. Immutable and thread-safe (the random generators are not: use one per thread).
 */
public final class Grammar {
    /** Deep enough for slot-in-slot phrasing; shallow enough that a cycle fails fast. */
    private static final int MAX_DEPTH = 8;

    private final Map<String, String[]> slots;

    private Grammar(Map<String, String[]> slots) {
        this.slots = Map.copyOf(slots);
        for (Map.Entry<String, String[]> e : this.slots.entrySet()) {
            for (String alternative : e.getValue()) {
                for (String name : placeholders(alternative)) {
                    if (!this.slots.containsKey(name)) {
                        throw new IllegalArgumentException(
                                "slot '" + e.getKey() + "' refers to unknown slot '" + name + "'");
                    }
                }
            }
        }
    }

    /** A builder with no slots. */
    public static Builder builder() {
        return new Builder();
    }

    /** Expands every placeholder of {@code template}, recursively. */
    public String expand(String template, SplittableRandom rng) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        expandInto(template, rng, out, 0);
        return out.toString();
    }

    /** One expanded alternative of the named slot. */
    public String pick(String slot, SplittableRandom rng) {
        String[] alternatives = alternatives(slot);
        return expand(alternatives[rng.nextInt(alternatives.length)], rng);
    }

    private String[] alternatives(String slot) {
        String[] alternatives = slots.get(slot);
        if (alternatives == null) {
            throw new IllegalArgumentException("unknown slot '" + slot + "'");
        }
        return alternatives;
    }

    private void expandInto(String template, SplittableRandom rng, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("grammar nests deeper than " + MAX_DEPTH + ": " + template);
        }
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                return;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed placeholder in: " + template);
            }
            out.append(template, i, open);
            String[] alternatives = alternatives(template.substring(open + 1, close));
            expandInto(alternatives[rng.nextInt(alternatives.length)], rng, out, depth + 1);
            i = close + 1;
        }
    }

    private static List<String> placeholders(String text) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (true) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                return names;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed placeholder in: " + text);
            }
            names.add(text.substring(open + 1, close));
            i = close + 1;
        }
    }

    /** Collects slots; not thread-safe. */
    public static final class Builder {
        private final Map<String, String[]> slots = new HashMap<>();

        private Builder() {}

        /** Adds a slot; a slot may be defined once and must have at least one alternative. */
        public Builder slot(String name, String... alternatives) {
            Objects.requireNonNull(name, "name");
            if (alternatives.length == 0) {
                throw new IllegalArgumentException("slot '" + name + "' has no alternatives");
            }
            if (slots.putIfAbsent(name, alternatives.clone()) != null) {
                throw new IllegalArgumentException("slot '" + name + "' defined twice");
            }
            return this;
        }

        /** The grammar; fails if an alternative names a slot that was never defined. */
        public Grammar build() {
            return new Grammar(slots);
        }
    }
}
