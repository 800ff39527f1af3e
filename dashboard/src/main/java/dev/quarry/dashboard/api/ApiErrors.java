package dev.quarry.dashboard.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Client errors with a JSON body ({@code {"code":400,"message":"..."}}), the same shape Dropwizard
 * gives its own errors. The response is built here rather than left to an exception mapper, so the
 * body does not depend on which mappers the application registers. Stateless.
 */
final class ApiErrors {

    private ApiErrors() {}

    static WebApplicationException badRequest(String message) {
        return error(Response.Status.BAD_REQUEST, message);
    }

    static WebApplicationException notFound(String message) {
        return error(Response.Status.NOT_FOUND, message);
    }

    /** 403 for a caller whose role suffices for the route but not for this target. */
    static WebApplicationException forbidden(String message) {
        return error(Response.Status.FORBIDDEN, message);
    }

    /** 422: a well-formed body that asks for something invalid. */
    static WebApplicationException unprocessable(String message) {
        return error(422, message);
    }

    static WebApplicationException unavailable(String message) {
        return error(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), message);
    }

    private static WebApplicationException error(Response.Status status, String message) {
        return error(status.getStatusCode(), message);
    }

    private static WebApplicationException error(int status, String message) {
        Response response = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, message))
                .build();
        return new WebApplicationException(message, response);
    }
}
