package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.WatermarkTraffic;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.cluster.DatasetSplitDetector;
import dev.quarry.detectors.cluster.HydraClusterDetector;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.LogitBiasSweepConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.watermark.WatermarkChecks;
import dev.quarry.detectors.watermark.WatermarkHealthProcessor;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry is complete and consistent: every detector class has a section, every section of
 * {@code detection} is registered, names are unique and are the detectors' own, and the docs'
 * fusion-group tables place every detector in its group.
 */
class DetectorRegistryTest {
    private static final Path DOCS = Path.of("..", "docs");
    /** The cross-client and endpoint findings, which are not client detectors, with their groups. */
    private static final Map<String, EvidenceGroup> OTHER_FINDINGS = Map.of(
            HydraClusterDetector.NAME, EvidenceGroup.COORDINATION,
            HydraClusterDetector.POOLED_SWEEP, EvidenceGroup.CAPABILITY_SWEEP,
            DatasetSplitDetector.NAME, EvidenceGroup.COORDINATION,
            WatermarkHealthProcessor.NAME, EvidenceGroup.ENDPOINT_HEALTH);

    private final DetectionConfig detection = new DetectionConfig();
    private final WatermarkConfig watermark = WatermarkTraffic.config();
    private final WatermarkChecks checks = WatermarkChecks.of(watermark, WatermarkTraffic.tokenizer());
    /** A context in which every section is active: a watermark key and a tokenizer. */
    private final DetectorContext everything = new DetectorContext(detection.signatures(), ReferenceLookup.none(),
            new RequestDistillationScorer(), checks);
    private final DetectorRegistry registry = DetectorRegistry.of(detection, watermark);

    @AfterEach
    void close() {
        checks.close();
    }

    @Test
    void everyDetectorClassHasASection() throws Exception {
        Set<String> built = registry.create(everything).stream().map(d -> d.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> without = detectorClasses();
        without.removeAll(built);
        assertEquals(Set.of(), without, "Detector implementations without a section in the registry");
    }

    @Test
    void sectionsBuildDetectorsOfTheNamesTheyDeclare() {
        List<Detector<?>> detectors = registry.create(everything);
        assertEquals(registry.names(), detectors.stream().map(Detector::name).toList());
        assertEquals(registry.names().size(), new HashSet<>(registry.names()).size(), "names are unique");
        for (DetectorSection<?> s : registry.sections()) {
            assertEquals(s.detectorName(), s.create(everything).name(), s.key());
        }
    }

    @Test
    void everyDetectorSectionOfTheDetectionConfigIsRegisteredUnderItsKey() throws Exception {
        List<DetectorSection<?>> listed = detection.detectorSections();
        int fields = 0;
        for (Field f : DetectionConfig.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || !DetectorSection.class.isAssignableFrom(f.getType())) {
                continue;
            }
            fields++;
            DetectorSection<?> section = (DetectorSection<?>) DetectionConfig.class.getMethod(f.getName())
                    .invoke(detection);
            assertTrue(listed.stream().anyMatch(s -> s == section),
                    "detection." + f.getName() + " is missing from DetectionConfig.detectorSections()");
            JsonProperty json = f.getAnnotation(JsonProperty.class);
            String yamlKey = json == null || json.value().isEmpty() ? f.getName() : json.value();
            assertEquals("detection." + yamlKey, section.key(), f.getName());
        }
        assertEquals(fields, listed.size(), "detectorSections() lists a section twice or one that is no field");
    }

    @Test
    void theTopologyRunsTheRegistrysDetectorsInItsOrder() {
        List<String> names = new ArrayList<>(registry.names());
        names.remove(WatermarkEchoDetector.NAME); // off without watermark checks
        try (QuarryTopology topology = new QuarryTopology(detection, new TopicNames(), new PipelineCounters())) {
            assertEquals(names, topology.detectors().stream().map(Detector::name).toList());
        }
    }

    @Test
    void watermarkEchoRunsOnlyWithAKeyAndATokenizer() {
        DetectorContext off = new DetectorContext(detection.signatures(), ReferenceLookup.none(),
                new RequestDistillationScorer(), WatermarkChecks.off());
        assertFalse(registry.create(off).stream().anyMatch(d -> d instanceof WatermarkEchoDetector));
        assertTrue(registry.create(everything).stream().anyMatch(d -> d instanceof WatermarkEchoDetector));
    }

    @Test
    void aSectionThatBuildsAnotherDetectorThanItDeclaresIsRefused() {
        DetectionConfig config = new DetectionConfig() {
            @Override
            public List<DetectorSection<?>> detectorSections() {
                return List.of(new LogitBiasSweepConfig() {
                    @Override
                    public String detectorName() {
                        return "logit_sweep";
                    }
                });
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DetectorRegistry.of(config, watermark).create(everything));
        assertTrue(e.getMessage().contains("detection.logitBiasSweep built the detector logit_bias_sweep, not logit_sweep"),
                e.getMessage());
    }

    @Test
    void twoSectionsOfOneDetectorAreRefused() {
        DetectionConfig config = new DetectionConfig() {
            @Override
            public List<DetectorSection<?>> detectorSections() {
                return List.of(new LogitBiasSweepConfig(), new LogitBiasSweepConfig());
            }
        };
        assertThrows(IllegalStateException.class, () -> DetectorRegistry.of(config, watermark));
    }

    @Test
    void theDocsGroupTablesPlaceEveryDetectorInItsGroup() throws IOException {
        Map<String, EvidenceGroup> groups = new LinkedHashMap<>();
        registry.create(everything).forEach(d -> groups.put(d.name(), d.group()));
        groups.putAll(OTHER_FINDINGS);
        for (String doc : List.of("detection.md", "api.md")) {
            Map<String, String> rows = groupRows(Files.readAllLines(DOCS.resolve(doc)));
            List<String> misplaced = new ArrayList<>();
            groups.forEach((name, group) -> {
                String row = rows.get(group.wireName());
                if (row == null || !row.contains("`" + name + "`")) {
                    misplaced.add(name + " (" + group.wireName() + ")");
                }
            });
            assertEquals(List.of(), misplaced, "docs/" + doc + ": detectors missing from their fusion group's row");
        }
    }

    @Test
    void theDetectionDocsListEveryClientDetector() throws IOException {
        String doc = Files.readString(DOCS.resolve("detection.md"));
        List<String> missing = registry.names().stream().filter(n -> !doc.contains("| `" + n + "` |")).toList();
        assertEquals(List.of(), missing, "docs/detection.md: detectors missing from the table of detectors");
    }

    /**
     * The rows of the docs' tables whose last column is "detectors", by the group named first in
     * the row, each as the text of its last cell.
     */
    private static Map<String, String> groupRows(List<String> lines) {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inGroupTable = false;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                inGroupTable = false;
                continue;
            }
            String[] cells = line.split("\\|");
            String last = cells[cells.length - 1].trim();
            if (last.equals("detectors")) {
                inGroupTable = true;
            } else if (inGroupTable && cells[1].trim().startsWith("`")) {
                String first = cells[1].trim();
                rows.put(first.substring(1, first.indexOf('`', 1)), last);
            }
        }
        return rows;
    }

    /** The concrete {@link Detector} implementations among the detectors module's classes. */
    private static Set<String> detectorClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Detector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> out = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path p : files) {
            String name = classes.relativize(p).toString().replace(p.getFileSystem().getSeparator(), ".");
            name = name.substring(0, name.length() - ".class".length());
            Class<?> c = Class.forName(name, false, Detector.class.getClassLoader());
            if (Detector.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())
                    && !c.isAnonymousClass()) {
                out.add(c.getName());
            }
        }
        return out;
    }
}
