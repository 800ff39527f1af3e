package dev.quarry.detectors.detector;

import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.WatermarkConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The per-client detectors Quarry runs, as the list of their configuration sections
 * ({@link DetectorSection}): those of {@code detection} ({@link DetectionConfig#detectorSections()}),
 * in the order their detectors run, then {@code watermark.echo}, whose detector needs the
 * watermark checks. The topology builds its detectors from here and names none of them itself.
 *
 * <p>The cross-client detectors ({@code hydra_cluster}, its pooled capability sweep,
 * {@code dataset_split}) and the watermark health monitor are not here: they score clusters,
 * datasets and endpoints on sides of the topology of their own, not a client's events.
 *
 * <p>Immutable and thread-safe as long as the sections are not changed.
 */
public final class DetectorRegistry {
    private final List<DetectorSection<?>> sections;

    private DetectorRegistry(List<DetectorSection<?>> sections) {
        this.sections = List.copyOf(sections);
        Set<String> names = new HashSet<>();
        for (DetectorSection<?> s : this.sections) {
            if (!names.add(s.detectorName())) {
                throw new IllegalStateException("two sections build the detector " + s.detectorName()
                        + ", the second at " + s.key());
            }
        }
    }

    /**
     * The registry of one configuration.
     *
     * @param watermark the {@code watermark} section; its echo detector runs only with the
     *     checks it configures (see {@link dev.quarry.detectors.config.WatermarkEchoConfig})
     */
    public static DetectorRegistry of(DetectionConfig detection, WatermarkConfig watermark) {
        List<DetectorSection<?>> all = new ArrayList<>(detection.detectorSections());
        all.add(watermark.echo());
        return new DetectorRegistry(all);
    }

    /** Every section, in the order the detectors run. */
    public List<DetectorSection<?>> sections() {
        return sections;
    }

    /** The detectors' names, in the order they run. */
    public List<String> names() {
        return sections.stream().map(DetectorSection::detectorName).toList();
    }

    /**
     * The detectors of the sections active in this context, in the order they run.
     *
     * @throws IllegalStateException when a section builds a detector of another name than it declares
     */
    public List<Detector<?>> create(DetectorContext context) {
        List<Detector<?>> detectors = new ArrayList<>(sections.size());
        for (DetectorSection<?> s : sections) {
            if (!s.active(context)) {
                continue;
            }
            Detector<?> d = s.create(context);
            if (!d.name().equals(s.detectorName())) {
                throw new IllegalStateException(s.key() + " built the detector " + d.name() + ", not "
                        + s.detectorName());
            }
            detectors.add(d);
        }
        return List.copyOf(detectors);
    }
}
