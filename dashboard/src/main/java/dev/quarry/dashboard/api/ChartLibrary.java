package dev.quarry.dashboard.api;

import io.dropwizard.assets.AssetsBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The charting library of the analyst page, Apache ECharts, served by the service itself from its
 * WebJar ({@code org.webjars.npm:echarts}) under {@value #URI_PATH}: the page loads
 * {@code vendor/echarts/echarts.min.js} from its own origin, so the Content-Security-Policy's
 * {@code script-src 'self'} holds and nothing is fetched from a CDN. ECharts draws on a canvas and
 * needs neither {@code eval} nor inline styles, as long as the page keeps its tooltips in
 * {@code richText} mode (its default HTML tooltips would render alert text as markup). Stateless.
 */
public final class ChartLibrary {
    /** Where the page finds the library. */
    public static final String URI_PATH = "/vendor/echarts/";
    private static final String POM_PROPERTIES = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";

    private ChartLibrary() {}

    /** The bundle that serves the WebJar's {@code dist} directory, named {@code echarts}. */
    public static AssetsBundle bundle() {
        return new AssetsBundle("/META-INF/resources/webjars/echarts/" + version() + "/dist", URI_PATH, null, "echarts");
    }

    /** The WebJar's version, as its Maven metadata has it. */
    static String version() {
        try (InputStream in = ChartLibrary.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the ECharts WebJar is not on the class path (" + POM_PROPERTIES + ")");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
