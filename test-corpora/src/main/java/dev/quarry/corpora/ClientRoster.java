package dev.quarry.corpora;

import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.corpora.archetype.ClientProfile;
import dev.quarry.corpora.archetype.CorporateTeam;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the clients of a corpus: identity (API key, org, address, user agent, TLS fingerprint,
 * time zone), group membership and the seed of each client's own event stream. Clients are
 * numbered archetype by archetype in {@link ArchetypeKind} order; the {@code i}-th client of an
 * archetype draws only from a generator seeded from {@code (seed, archetype, i)}, so changing how
 * many clients one archetype has leaves the other archetypes' clients and traffic unchanged.
 *
 * <p>Coordinated groups (see {@link Groups}) share a plan, and each member has its own key and
 * organisation. Logit-bias, templated-distiller and embedding-extractor groups also share a /24 and
 * a client library (user agent and TLS fingerprint). Each hydra cluster draws which
 * infrastructure its operator shares: a /24 (60% of fleets), a client library (60%), one payment
 * instrument (35%), a pool of 2-6 (35%) or none (30%), a working time zone (50%). Dataset-split
 * fleets share nothing: every member has its own address, library version, TLS fingerprint,
 * payment instrument and time zone. A corporate team's members share what its
 * {@link CorporateTeam#plan} says: the company's egress, a gateway, the corporate card, an organisation. Addresses are drawn from private and
 * documentation ranges: realistic shape, routing nowhere. Keys are a bijection of the archetype
 * and index, so they are unique without remembering them.
 */
final class ClientRoster {

    /** One client: who it is and where its event stream starts. */
    record Client(ClientProfile profile, long streamSeed) {}

    /** User agents paired with the TLS fingerprint their client stack presents. */
    private static final String[][] BROWSERS_AND_APPS = {
        {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
            + "Safari/537.36", "t13d1516h2_8daaf6152771_02713d6af862"},
        {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Version/18.1 Safari/605.1.15", "t13d2014h2_a09f3c656075_14788d8d241b"},
        {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Mobile/15E148", "t13d2014h2_a09f3c656075_e42f34c56612"},
        {"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "t13d1715h2_5b57614c22b0_3d5424432f57"},
        {"PalChat/3.4.1 (Android 15; Pixel 8)", "t13d1513h2_8daaf6152771_eca864cca44a"},
        {"NotesAI/2.0.7 (iOS 18.1)", "t13d2014h2_a09f3c656075_0b2b1c7a3e51"},
        {"OpenAI/Python 1.54.4", "t13d1812h1_85036bcba153_7d8ad4e8a3c5"},
        {"python-httpx/0.27.2", "t13d1812h1_85036bcba153_7d8ad4e8a3c5"},
    };
    private static final String[][] SDKS = {
        {"OpenAI/Python 1.54.4", "t13d1812h1_85036bcba153_7d8ad4e8a3c5"},
        {"OpenAI/Python 1.40.0", "t13d1812h1_85036bcba153_7d8ad4e8a3c5"},
        {"python-httpx/0.27.2", "t13d1812h1_85036bcba153_7d8ad4e8a3c5"},
        {"python-requests/2.32.3", "t13d1812h1_85036bcba153_b26ce05bbdd6"},
        {"aiohttp/3.10.10", "t13d1911h1_0b9a8e3f9c21_6f3a5b1de2a4"},
        {"OpenAI/NodeJS 4.71.1", "t13d1516h2_8daaf6152771_9b0d79d10808"},
        {"Go-http-client/2.0", "t13d1311h2_f57a46bbacb6_ab7e3b40a677"},
        {"okhttp/4.12.0", "t13d1613h2_46e7e9700bed_0ce3a7d1e6f4"},
        {"langchain-openai/0.2.9 python-httpx/0.27.2", "t13d1812h1_85036bcba153_7d8ad4e8a3c5"},
    };
    /** Documentation address blocks (RFC 5737 / RFC 3849): realistic shape, routes nowhere. */
    private static final String[] IPV4_NETS = {"192.0.2.", "198.51.100.", "203.0.113."};
    /** UTC offsets of chat users, in minutes: the Americas, Europe, India, East Asia, Australia. */
    private static final int[] CHAT_OFFSETS = {-480, -300, -300, -180, 0, 0, 60, 60, 120, 330, 480, 540, 600};
    /** Companies buying classifier apps sit in US-East, UK or Central Europe. */
    private static final int[] BUSINESS_OFFSETS = {-300, 0, 60};
    /** Client libraries whose version numbers an account's own install fixes. */
    private static final String[] VERSIONED_AGENTS = {"OpenAI/Python 1.%d.%d", "python-httpx/0.%d.%d",
        "python-requests/2.%d.%d", "aiohttp/3.%d.%d", "OpenAI/NodeJS 4.%d.%d", "okhttp/4.%d.%d", "curl/8.%d.%d",
        "axios/1.%d.%d", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/1%02d.0.%d.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:1%02d.0) Gecko/20100101 Firefox/1%02d.%d"};
    private static final String[] JA4_HEADS = {"t13d1516h2", "t13d1812h1", "t13d1715h2", "t13d2014h2", "t13d1311h2",
        "t13d1911h1", "t12d1209h1"};

    /** Kinds run by a company in office hours, whose keys sit where their buyers are. */
    private static boolean isBusiness(ArchetypeKind kind) {
        return switch (kind) {
            case CLASSIFIER_APP, CONTENT_GENERATION_PRODUCT, SUPPORT_ASSISTANT, TRANSLATION_PIPELINE,
                    DOCUMENT_EXTRACTION_ETL, DOCUMENT_INDEXER, JUDGE_EVAL_TEAM, COMPANY_GATEWAY_KEY -> true;
            default -> false;
        };
    }

    /** A user agent and TLS fingerprint of one account's own install: versions and extensions vary. */
    private static String[] stackVariant(SplittableRandom rng) {
        String agent = String.format(java.util.Locale.ROOT, VERSIONED_AGENTS[rng.nextInt(VERSIONED_AGENTS.length)],
                rng.nextInt(60), rng.nextInt(40), rng.nextInt(10));
        String tls = JA4_HEADS[rng.nextInt(JA4_HEADS.length)] + "_" + hex(rng.nextLong(), 12) + "_"
                + hex(rng.nextLong(), 12);
        return new String[] {agent, tls};
    }

    private ClientRoster() {}

    static List<Client> draw(CorpusSpec spec) {
        List<Client> clients = new ArrayList<>(spec.totalClients());
        int index = 0;
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            int n = spec.count(kind);
            Groups groups = Groups.of(spec.seed(), kind, n);
            for (int i = 0; i < n; i++, index++) {
                SplittableRandom rng = new SplittableRandom(clientSeed(spec.seed(), kind, i));
                String key = "key_" + hex(keyBits(spec.seed(), kind, i), 10);
                String org = "org_" + hex(rng.nextLong(), 8);
                String[][] stacks = kind == ArchetypeKind.CHAT_USER || kind == ArchetypeKind.STUDENT
                        ? BROWSERS_AND_APPS : SDKS;
                String[] ownStack = stacks[rng.nextInt(stacks.length)];
                String ownIp = address(kind, rng);
                int offset = isBusiness(kind)
                        ? BUSINESS_OFFSETS[rng.nextInt(BUSINESS_OFFSETS.length)]
                        : CHAT_OFFSETS[rng.nextInt(CHAT_OFFSETS.length)];
                String ownPayment = rng.nextInt(10) < 7 ? "pm_" + hex(rng.nextLong(), 12) : null;
                ClientProfile profile;
                Groups.Group g = groups.groupOf(i);
                if (g == null) {
                    profile = new ClientProfile(index, key, org, ownIp, ownStack[0], ownStack[1], ownPayment, offset,
                            kind, "", 0, 1, mix(rng.nextLong()));
                } else if (kind == ArchetypeKind.CORPORATE_TEAM) {
                    profile = corporateMember(index, key, org, kind, g, i - g.first(), rng);
                } else if (kind == ArchetypeKind.DATASET_SPLIT_FLEET) {
                    // Nothing shared but the plan: each account is its own buyer on its own stack.
                    String[] stack = stackVariant(rng);
                    profile = new ClientProfile(index, key, org, address(kind, rng), stack[0], stack[1],
                            "pm_" + hex(rng.nextLong(), 12), CHAT_OFFSETS[rng.nextInt(CHAT_OFFSETS.length)], kind,
                            g.name(), i - g.first(), g.size(), g.seed());
                } else {
                    SplittableRandom shared = new SplittableRandom(g.seed());
                    String net = "10." + shared.nextInt(256) + "." + shared.nextInt(256) + ".";
                    String[] stack = SDKS[shared.nextInt(SDKS.length)];
                    String payment = "pm_" + hex(shared.nextLong(), 12);
                    int sharedOffset = CHAT_OFFSETS[shared.nextInt(CHAT_OFFSETS.length)];
                    String ip = net + (1 + rng.nextInt(254));
                    String ua = stack[0];
                    String tls = stack[1];
                    String memberPayment = ownPayment;
                    int memberOffset = offset;
                    if (kind == ArchetypeKind.HYDRA_CLUSTER) {
                        // Per fleet, which infrastructure its operator shares (Anthropic 2026 describes
                        // proxy networks and resold accounts: some fleets pay with one card, others not).
                        boolean sharesNet = shared.nextInt(10) < 6;
                        boolean sharesStack = shared.nextInt(10) < 6;
                        int paymentMode = shared.nextInt(20);
                        int pool = 2 + shared.nextInt(5);
                        long poolSeed = shared.nextLong();
                        boolean sharesZone = shared.nextBoolean();
                        int rank = i - g.first();
                        if (!sharesNet) {
                            ip = address(kind, rng);
                        }
                        if (!sharesStack) {
                            String[] own = stackVariant(rng);
                            ua = own[0];
                            tls = own[1];
                        }
                        if (paymentMode < 7) {
                            memberPayment = payment;
                        } else if (paymentMode < 14) {
                            memberPayment = "pm_" + hex(mix(poolSeed + rank % pool), 12);
                        } else {
                            memberPayment = "pm_" + hex(rng.nextLong(), 12);
                        }
                        memberOffset = sharesZone ? sharedOffset : CHAT_OFFSETS[rng.nextInt(CHAT_OFFSETS.length)];
                    }
                    profile = new ClientProfile(index, key, org, ip, ua, tls, memberPayment, memberOffset, kind,
                            g.name(), i - g.first(), g.size(), g.seed());
                }
                clients.add(new Client(profile, rng.nextLong()));
            }
        }
        return List.copyOf(clients);
    }

    /** Gateways companies put in front of the provider: the client stack every call of the team shows. */
    private static final String[][] GATEWAYS = {
        {"litellm/1.52.6 OpenAI/Python 1.54.4", "t13d1812h1_85036bcba153_7d8ad4e8a3c5"},
        {"OpenAI/Python 1.51.2", "t13d1812h1_85036bcba153_7d8ad4e8a3c5"},
        {"portkey-gateway/1.8.2 (node)", "t13d1516h2_8daaf6152771_9b0d79d10808"},
        {"OpenAI/NodeJS 4.67.3", "t13d1516h2_8daaf6152771_9b0d79d10808"},
        {"kong-ai-gateway/3.8.0", "t13d1311h2_f57a46bbacb6_ab7e3b40a677"},
        {"Go-http-client/2.0", "t13d1311h2_f57a46bbacb6_ab7e3b40a677"},
    };
    /** Time zones of companies: US West and East, UK, Central Europe, India, Japan, Australia East. */
    private static final int[] COMPANY_OFFSETS = {-480, -300, -300, 0, 60, 60, 330, 540, 600};

    /**
     * One employee's key of a {@code corporate_team}: what the team shares comes from its
     * {@link CorporateTeam#plan} and its group seed (the company's egress /24 and addresses, the
     * gateway's stack, the corporate card, the organisation, the time zone); remote members and
     * teams without a gateway, card or organisation use their own.
     */
    private static ClientProfile corporateMember(int index, String key, String ownOrg, ArchetypeKind kind,
            Groups.Group g, int rank, SplittableRandom rng) {
        CorporateTeam.Plan plan = CorporateTeam.plan(g.seed());
        SplittableRandom shared = new SplittableRandom(g.seed());
        String net = "10." + shared.nextInt(256) + "." + shared.nextInt(256) + ".";
        int[] egress = new int[plan.egressAddresses()];
        for (int e = 0; e < egress.length; e++) {
            egress[e] = 1 + shared.nextInt(254);
        }
        String[] gateway = GATEWAYS[shared.nextInt(GATEWAYS.length)];
        String card = "pm_" + hex(shared.nextLong(), 12);
        String teamOrg = "org_" + hex(shared.nextLong(), 8);
        int offset = COMPANY_OFFSETS[shared.nextInt(COMPANY_OFFSETS.length)];
        boolean remote = rng.nextDouble() < plan.remoteShare();
        String ip = remote ? address(kind, rng) : net + egress[rng.nextInt(egress.length)];
        String[] stack;
        if (plan.gateway()) {
            stack = gateway;
        } else {
            stack = rng.nextBoolean() ? SDKS[rng.nextInt(SDKS.length)] : BROWSERS_AND_APPS[rng.nextInt(
                    BROWSERS_AND_APPS.length)];
        }
        String payment = plan.sharedCard() ? card : "pm_" + hex(rng.nextLong(), 12);
        return new ClientProfile(index, key, plan.sharedOrg() ? teamOrg : ownOrg, ip, stack[0], stack[1], payment,
                offset, kind, g.name(), rank, g.size(), g.seed());
    }

    /**
     * Coordinated clusters of one archetype. The logit-bias extractors and templated distillers
     * form one group when there are two or more of them; hydra accounts are split into clusters of
     * 10 to 2,000 members (Anthropic 2026 describes fleets of tens to thousands of accounts), each
     * with its own infrastructure; dataset-split accounts into fleets of 10 to 60; embedding
     * extractors work alone or, one in three, in groups of 2 to 6; corporate teams have 5 to 60
     * members (log-uniform); other archetypes work alone.
     */
    record Groups(String prefix, int[] firsts, long[] seeds, int n) {
        record Group(String name, int first, int size, long seed) {}

        static Groups of(long seed, ArchetypeKind kind, int n) {
            long groupSeed = mix(seed ^ mix(0x6A09E667F3BCC909L + kind.ordinal()));
            String prefix = kind.wireName() + "-group-";
            if ((kind == ArchetypeKind.LOGIT_BIAS_EXTRACTOR || kind == ArchetypeKind.TEMPLATED_DISTILLER) && n >= 2) {
                return new Groups(prefix, new int[] {0}, new long[] {groupSeed}, n);
            }
            boolean splits = kind == ArchetypeKind.HYDRA_CLUSTER || kind == ArchetypeKind.DATASET_SPLIT_FLEET
                    || kind == ArchetypeKind.EMBEDDING_EXTRACTOR || kind == ArchetypeKind.CORPORATE_TEAM;
            if (!splits || n == 0) {
                return new Groups(prefix, new int[0], new long[0], n);
            }
            SplittableRandom sizes = new SplittableRandom(groupSeed);
            List<Integer> firsts = new ArrayList<>();
            int first = 0;
            int smallest = switch (kind) {
                case EMBEDDING_EXTRACTOR -> 1;
                case CORPORATE_TEAM -> 5;
                default -> 10;
            };
            while (first < n) {
                int size = switch (kind) {
                    case HYDRA_CLUSTER -> (int) Math.round(10 * Math.exp(sizes.nextDouble() * Math.log(200)));
                    case DATASET_SPLIT_FLEET -> 10 + sizes.nextInt(51);
                    case CORPORATE_TEAM -> (int) Math.round(5 * Math.exp(sizes.nextDouble() * Math.log(12)));
                    default -> sizes.nextInt(3) == 0 ? 2 + sizes.nextInt(5) : 1;
                };
                if (n - first - size < smallest) {
                    size = n - first; // no cluster smaller than ten (a team than five), except a fleet that small
                }
                firsts.add(first);
                first += size;
            }
            long[] seeds = new long[firsts.size()];
            for (int c = 0; c < seeds.length; c++) {
                seeds[c] = mix(groupSeed + 0x9E3779B97F4A7C15L * (c + 1L));
            }
            return new Groups(prefix, firsts.stream().mapToInt(Integer::intValue).toArray(), seeds, n);
        }

        /** The group of the {@code i}-th client, or null for a lone client. */
        Group groupOf(int i) {
            if (firsts.length == 0) {
                return null;
            }
            int c = java.util.Arrays.binarySearch(firsts, i);
            if (c < 0) {
                c = -c - 2;
            }
            int end = c + 1 < firsts.length ? firsts[c + 1] : n;
            if (end - firsts[c] == 1 && prefix.startsWith(ArchetypeKind.EMBEDDING_EXTRACTOR.wireName())) {
                return null; // an extractor working alone
            }
            return new Group(prefix + (c + 1), firsts[c], end - firsts[c], seeds[c]);
        }
    }

    /**
     * 40 bits unique per (archetype, index): a bijection of {@code ordinal << 35 | i}, so keys never
     * collide and no set of issued keys has to be kept (a million keys would cost ~100 MB). The
     * 33rd archetype on takes {@code (ordinal - 32) << 35 | 1 << 34 | i}: indexes stay under 2^34
     * (at most a million clients), so those values are free and the first 32 keep their keys.
     */
    static long keyBits(long seed, ArchetypeKind kind, int i) {
        long mask = (1L << 40) - 1;
        // Bits 35-39 hold the kind's ordinal mod 32 and bit 34 its 33rd-64th kinds, so the first 32
        // kinds keep the keys they always had and later kinds never collide with them (i < 2^20).
        long x = ((long) (kind.ordinal() & 31) << 35 | (long) (kind.ordinal() >> 5) << 34 | i) & mask;
        x = (x + mix(seed)) & mask;
        x = (x * 0x9E3779B97F4A7C15L) & mask; // odd multiplier: a bijection mod 2^40
        x ^= x >>> 21;
        x = (x * 0xBF58476D1CE4E5B9L) & mask;
        x ^= x >>> 19;
        return x;
    }

    private static String address(ArchetypeKind kind, SplittableRandom rng) {
        if ((kind == ArchetypeKind.CHAT_USER || kind == ArchetypeKind.STUDENT) && rng.nextInt(10) == 0) {
            return "2001:db8:" + Integer.toHexString(rng.nextInt(0x10000)) + ":"
                    + Integer.toHexString(rng.nextInt(0x10000)) + "::" + Integer.toHexString(1 + rng.nextInt(0xfffe));
        }
        if (rng.nextInt(4) == 0) {
            return IPV4_NETS[rng.nextInt(IPV4_NETS.length)] + (1 + rng.nextInt(254));
        }
        return "10." + rng.nextInt(256) + "." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
    }

    /** The seed of the generator of the {@code i}-th client of {@code kind}. */
    static long clientSeed(long seed, ArchetypeKind kind, int i) {
        return mix(mix(seed ^ mix(0xBB67AE8584CAA73BL + kind.ordinal())) + 0x9E3779B97F4A7C15L * (i + 1L));
    }

    /** SplitMix64's finaliser: neighbouring inputs give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String hex(long bits, int digits) {
        String s = Long.toHexString(bits & ((1L << (4 * digits)) - 1));
        return "0".repeat(digits - s.length()) + s;
    }
}
