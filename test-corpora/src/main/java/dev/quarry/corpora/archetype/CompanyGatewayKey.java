package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.InferenceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Benign {@code company_gateway_key}: a company's whole staff reaching the provider through one API
 * key that its AI gateway holds. LiteLLM's proxy, Portkey, Kong's AI Gateway and Cloudflare's AI
 * Gateway keep the provider key and hand employees virtual keys of their own (budgets, logging and
 * policy live in the gateway), so the provider sees one key, one egress address and one client
 * stack for everyone (LiteLLM and Portkey documentation on virtual keys; Cloudflare AI Gateway's
 * documentation on provider keys stored in the gateway). Per key: 15 to 600 employees
 * (log-uniform), each a {@link CorporateTeam} employee with their own mix of chat, code and
 * document questions in sessions in office hours, and the team plan drawn per key (a policy system
 * prompt the gateway injects, an internal tool's template). The legitimate look-alike of a
 * capability sweep from one key: broad tasks, many at once, at a volume no single person sends.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class CompanyGatewayKey implements Archetype {
    private static final int MIN_STAFF = 15;
    private static final int MAX_STAFF = 600;

    @Override
    public String name() {
        return "company_gateway_key";
    }

    @Override
    public Label label() {
        return Label.BENIGN;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        long teamSeed = rng.nextLong();
        int staff = (int) Math.round(PerClient.logUniform(rng, MIN_STAFF, MAX_STAFF));
        List<ClientStream> employees = new ArrayList<>(staff);
        for (int i = 0; i < staff; i++) {
            employees.add(CorporateTeam.employee(client, rng.split(), startMillis, endMillis, sources, teamSeed));
        }
        return new Merged(client.clientId(), employees);
    }

    /** The employees' calls in time order, numbered as one key's. */
    private static final class Merged implements EventCursor {
        private final String clientId;
        private final List<ClientStream> employees;
        private long seq;

        Merged(String clientId, List<ClientStream> employees) {
            this.clientId = clientId;
            this.employees = employees;
        }

        private ClientStream earliest() {
            ClientStream best = null;
            for (ClientStream e : employees) {
                if (best == null || e.peekTime() < best.peekTime()) {
                    best = e;
                }
            }
            return best;
        }

        @Override
        public long peekTime() {
            ClientStream e = earliest();
            return e == null ? Long.MAX_VALUE : e.peekTime();
        }

        @Override
        public boolean hasNext() {
            return peekTime() != Long.MAX_VALUE;
        }

        @Override
        public InferenceEvent next() {
            ClientStream due = earliest();
            if (due == null || due.peekTime() == Long.MAX_VALUE) {
                throw new NoSuchElementException();
            }
            InferenceEvent e = due.next();
            return new InferenceEvent(clientId + "-" + seq++, e.tsMillis(), e.clientId(), e.orgId(), e.ip(),
                    e.userAgent(), e.tlsFingerprint(), e.paymentFingerprint(), e.endpoint(), e.model(), e.request(),
                    e.response(), e.extensions());
        }
    }
}
