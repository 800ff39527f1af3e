package dev.quarry.corpora.eval;

import dev.quarry.corpora.ClientLabel;
import dev.quarry.corpora.CorpusWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the ground truth written by {@link CorpusWriter}: {@code client_id,label,archetype,group}
 * with RFC 4180 quoting. Archetype names are data: whatever the file says is an archetype.
 * Stateless.
 */
public final class LabelsFile {
    private LabelsFile() {
    }

    /**
     * The labels in file order.
     *
     * @throws IllegalArgumentException on a wrong header, a short row, a label other than
     *     {@code attack}/{@code benign}, or a client listed twice
     */
    public static List<ClientLabel> read(Path file) throws IOException {
        List<ClientLabel> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.strip().equals(CorpusWriter.LABELS_HEADER)) {
                throw new IllegalArgumentException(file + ": expected header " + CorpusWriter.LABELS_HEADER + ", got " + header);
            }
            String line;
            int number = 1;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = cells(line);
                if (cells.size() < 3) {
                    throw new IllegalArgumentException(file + ":" + number + ": expected 4 columns: " + line);
                }
                String label = cells.get(1);
                if (!label.equals("attack") && !label.equals("benign")) {
                    throw new IllegalArgumentException(file + ":" + number + ": label must be attack or benign: " + label);
                }
                if (!seen.add(cells.get(0))) {
                    throw new IllegalArgumentException(file + ":" + number + ": client listed twice: " + cells.get(0));
                }
                labels.add(new ClientLabel(cells.get(0), label, cells.get(2), cells.size() > 3 ? cells.get(3) : ""));
            }
        }
        return labels;
    }

    /** One CSV row split into cells; quoted cells may hold commas and doubled quotes (not newlines). */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
