package dev.quarry.dashboard.api;

import dev.quarry.dashboard.store.AlertPage;
import dev.quarry.dashboard.store.ClientView;
import dev.quarry.dashboard.store.ClusterView;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Set;

/**
 * Writes alerts, and the API types that contain them, with {@link AlertJson#mapper()}, so the HTTP
 * API produces exactly the JSON of {@code quarry.alerts} (lower-case severities, snake_case names)
 * whatever the application's own {@code ObjectMapper} is configured to do. It is more specific
 * ({@code application/json}) and has a higher priority than Dropwizard's catch-all Jackson provider,
 * which still writes everything else, including error messages. Stateless and thread-safe.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
@Priority(Priorities.ENTITY_CODER)
public final class AlertJsonWriter implements MessageBodyWriter<Object> {
    private static final Set<Class<?>> TYPES = Set.of(Alert.class, AlertPage.class, ClientView.class,
            ClusterView.class, TriagedAlert.class, TriagedAlertPage.class, Overview.class);

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return TYPES.contains(type) || isListOfAlerts(type, genericType);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        // Through a byte array: ObjectMapper.writeValue(OutputStream) would close Jersey's stream.
        out.write(AlertJson.mapper().writeValueAsBytes(value));
    }

    private static boolean isListOfAlerts(Class<?> type, Type genericType) {
        return List.class.isAssignableFrom(type)
                && genericType instanceof ParameterizedType p
                && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] == Alert.class;
    }
}
