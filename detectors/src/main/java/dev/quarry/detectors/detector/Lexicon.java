package dev.quarry.detectors.detector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cue lexicon read from a resource of {@code kind<TAB>cue<TAB>source} lines, where the source
 * names the paper or report whose prompts use the cue ({@code #} starts a comment). Cues are
 * matched as whole words against text given as its words joined by single spaces, so "reasoning"
 * never matches inside "reasonings" and a hyphenated "step-by-step" matches "step by step".
 * Immutable and thread-safe.
 */
final class Lexicon {
    private final Map<String, List<String>> byKind;

    private Lexicon(Map<String, List<String>> byKind) {
        this.byKind = byKind;
    }

    /** Reads a lexicon resource; a malformed line is an error at start-up, not a silent gap. */
    static Lexicon load(String resource) {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing lexicon resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t");
                if (cells.length != 3 || cells[1].isBlank() || cells[2].isBlank()) {
                    throw new IllegalStateException(resource + ":" + number + ": expected kind<TAB>cue<TAB>source");
                }
                byKind.computeIfAbsent(cells[0], k -> new ArrayList<>()).add(cells[1].strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Longest first, so that a cue inside a longer one that matched can be skipped.
        byKind.replaceAll((k, v) -> v.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
        return new Lexicon(byKind);
    }

    /** The cues of one kind, longest first. */
    List<String> cues(String kind) {
        List<String> cues = byKind.get(kind);
        if (cues == null) {
            throw new IllegalArgumentException("no cues of kind " + kind);
        }
        return cues;
    }

    /** Words joined by single spaces, with a space at each end, as {@link #count} expects. */
    static String spaced(List<String> words) {
        StringBuilder sb = new StringBuilder(words.size() * 6 + 2).append(' ');
        for (String w : words) {
            sb.append(w).append(' ');
        }
        return sb.toString();
    }

    /**
     * Cues of the list (longest first) found as whole words in {@code spaced} text; a cue that is
     * part of a longer cue already found is not counted again.
     */
    static int count(String spaced, List<String> cues) {
        int n = 0;
        List<String> found = null;
        for (String cue : cues) {
            if (containsWord(spaced, cue)) {
                if (found != null && insideFound(cue, found)) {
                    continue;
                }
                if (found == null) {
                    found = new ArrayList<>(4);
                }
                found.add(cue);
                n++;
            }
        }
        return n;
    }

    /**
     * {@code spaced.contains(" " + cue + " ")} without building that string: this runs for every
     * cue of a list on every prompt.
     */
    static boolean containsWord(String spaced, String cue) {
        int last = spaced.length() - cue.length() - 1; // the cue must be followed by a space
        for (int at = spaced.indexOf(cue, 1); at >= 0 && at <= last; at = spaced.indexOf(cue, at + 1)) {
            if (spaced.charAt(at - 1) == ' ' && spaced.charAt(at + cue.length()) == ' ') {
                return true;
            }
        }
        return false;
    }

    private static boolean insideFound(String cue, List<String> found) {
        String spacedCue = " " + cue + " ";
        for (String f : found) {
            if ((" " + f + " ").contains(spacedCue)) {
                return true;
            }
        }
        return false;
    }
}
