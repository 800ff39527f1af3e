package dev.quarry.dashboard.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.store.LiveProfile;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.state.ClientProfile;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a client's {@link LiveProfile} from the instance that owns it, through Kafka Streams'
 * interactive queries: the client's partition of the profile store lives on one instance (its
 * active task), found with {@link KafkaStreams#queryMetadataForKey}. When that is this instance,
 * the store is queried here; otherwise the request goes to the owner's {@code
 * GET /api/client-state} with the caller's own {@code Authorization} header, so the owner applies
 * the caller's role, and marked forwarded, so the owner answers from its own state and never
 * forwards again (no loops while partitions move). A page session has no header to pass on (its
 * session lives in this process only); its request goes with the peer token ({@code
 * auth.peerToken}, the same on every instance), whose role reads live state and nothing else.
 * Without a peer token, a page session sees live state only for the clients this instance owns.
 * Thread-safe.
 */
public final class LiveProfiles {
    /** Header marking a request one instance forwarded to another. */
    public static final String FORWARDED = "X-Quarry-Forwarded";
    private static final Logger LOG = LoggerFactory.getLogger(LiveProfiles.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final DetectionService detection;
    private final String advertisedUrl;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Optional<String> peerToken;
    private final AtomicBoolean warnedNoPeerToken = new AtomicBoolean();

    /** @param advertisedUrl this instance's {@code kafka.advertisedUrl}; empty: no forwarding */
    public LiveProfiles(DetectionService detection, String advertisedUrl) {
        this(detection, advertisedUrl, Optional.empty());
    }

    /**
     * @param advertisedUrl this instance's {@code kafka.advertisedUrl}; empty: no forwarding
     * @param peerToken {@code auth.peerToken}, sent for callers without an
     *     {@code Authorization} header (page sessions); empty: such callers are not forwarded
     */
    public LiveProfiles(DetectionService detection, String advertisedUrl, Optional<String> peerToken) {
        this.detection = detection;
        this.advertisedUrl = advertisedUrl == null ? "" : advertisedUrl;
        this.peerToken = Objects.requireNonNull(peerToken, "peerToken");
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The client's live state, or empty when no instance holds any (never seen, or the state is
     * moving between instances: ask again).
     *
     * @param authorization the caller's {@code Authorization} header, sent on to the owner; null for
     *     a page session, which is forwarded with the peer token when there is one
     * @param forwarded true when another instance sent this request: answer from local state only
     */
    public Optional<LiveProfile> lookup(String clientId, String authorization, boolean forwarded) {
        KafkaStreams streams = detection == null ? null : detection.streams();
        if (streams == null) {
            return Optional.empty();
        }
        if (advertisedUrl.isEmpty()) {
            // One instance (no application.server): every partition is local.
            return local(streams, clientId, null);
        }
        KeyQueryMetadata owner;
        try {
            owner = streams.queryMetadataForKey(QuarryTopology.PROFILE_STORE, clientId, Serdes.String().serializer());
        } catch (RuntimeException e) {
            LOG.debug("No metadata for the profile store yet: {}", e.toString());
            return Optional.empty();
        }
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            return Optional.empty();
        }
        if (forwarded || isThisInstance(owner.activeHost())) {
            return local(streams, clientId, owner.partition());
        }
        return remote(owner.activeHost(), clientId, authorization);
    }

    private boolean isThisInstance(HostInfo host) {
        URI self = URI.create(advertisedUrl);
        return host.port() == self.getPort() && host.host().equalsIgnoreCase(self.getHost());
    }

    /** From this instance's active tasks: the given partition, or all of them when null. */
    private Optional<LiveProfile> local(KafkaStreams streams, String clientId, Integer partition) {
        StateQueryRequest<ClientProfile> request = StateQueryRequest.inStore(QuarryTopology.PROFILE_STORE)
                .withQuery(KeyQuery.<String, ClientProfile>withKey(clientId));
        if (partition != null) {
            request = request.withPartitions(Set.of(partition));
        }
        StateQueryResult<ClientProfile> result;
        try {
            result = streams.query(request);
        } catch (RuntimeException e) {
            // Not started, shutting down or in error: no live state to give.
            LOG.debug("Interactive query refused: {}", e.toString());
            return Optional.empty();
        }
        for (QueryResult<ClientProfile> r : result.getPartitionResults().values()) {
            if (r.isSuccess() && r.getResult() != null) {
                return Optional.of(LiveProfile.of(clientId, r.getResult(), advertisedUrl.isEmpty() ? "local" : advertisedUrl));
            }
        }
        return Optional.empty();
    }

    private Optional<LiveProfile> remote(HostInfo host, String clientId, String authorization) {
        String scheme = URI.create(advertisedUrl).getScheme();
        URI uri = URI.create(scheme + "://" + host.host() + ":" + host.port() + "/api/client-state?id="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header(FORWARDED, "1").GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        } else if (peerToken.isPresent()) {
            b.header("Authorization", "Bearer " + peerToken.get());
        } else {
            if (!warnedNoPeerToken.getAndSet(true)) {
                LOG.warn("A page session asked for live state held by another instance; set auth.peerToken "
                        + "(QUARRY_PEER_TOKEN) on every instance to forward such requests");
            }
            throw new OwnerUnavailableException(host + " owns this client; page sessions are not forwarded without auth.peerToken");
        }
        try {
            HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new OwnerUnavailableException(host + " answered " + response.statusCode());
            }
            return Optional.of(mapper.readValue(response.body(), LiveProfile.class));
        } catch (IOException e) {
            throw new OwnerUnavailableException(host + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OwnerUnavailableException("interrupted");
        }
    }

    /** The instance owning a client's state did not answer; the caller may retry. */
    public static final class OwnerUnavailableException extends RuntimeException {
        OwnerUnavailableException(String message) {
            super(message);
        }
    }
}
