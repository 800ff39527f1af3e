package dev.quarry.detectors.suppression;

import dev.quarry.detectors.alert.HeldBack;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The suppressions that apply to one subject at one event time, as fusion sees them: the findings
 * of the detectors they cover are held back, so that they cannot lift the alert to {@code medium}
 * or above; other detectors' findings still can. Immutable.
 *
 * @param active the applying suppressions, ordered by id
 */
public record Hold(List<Suppression> active) {
    /** Nothing held back. */
    public static final Hold NONE = new Hold(List.of());

    public Hold {
        active = List.copyOf(active);
    }

    public boolean isEmpty() {
        return active.isEmpty();
    }

    /** True when some applying suppression covers the detector. */
    public boolean holds(String detector) {
        for (Suppression s : active) {
            if (s.covers(detector)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Per applying suppression, the detectors among {@code detectors} (those with findings) that it
     * holds back, sorted; suppressions that hold back none of them are left out.
     */
    public List<HeldBack> heldBack(Collection<String> detectors) {
        if (active.isEmpty()) {
            return List.of();
        }
        List<HeldBack> out = new ArrayList<>();
        for (Suppression s : active) {
            List<String> names = detectors.stream().filter(s::covers).sorted().toList();
            if (!names.isEmpty()) {
                out.add(new HeldBack(s.id(), names));
            }
        }
        return out;
    }
}
