package dev.quarry.dashboard.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.constraints.NotEmpty;

/** Configuration of {@link AlertServiceTestApp}: the server block plus where the index lives. */
public class AlertServiceTestConfiguration extends Configuration {
    @NotEmpty
    @JsonProperty
    private String indexDir;

    public String getIndexDir() {
        return indexDir;
    }
}
