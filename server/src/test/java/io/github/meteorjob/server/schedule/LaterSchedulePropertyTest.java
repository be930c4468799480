package io.github.meteorjob.server.schedule;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LaterSchedule#next(Instant)} against a brute-force search that walks the calendar
 * second by second (skipping days and hours that cannot match) and applies later.js's rule
 * directly: the start itself when its second matches, else the first matching second (which is
 * the start of the finest constrained period). Runs without node; LaterJsDifferentialTest
 * compares with later.js itself.
 */
class LaterSchedulePropertyTest {

    private static final List<String> ORDER = List.of("s", "m", "h", "D", "d", "M");
    private static final int HORIZON_DAYS = 800;

    record Case(Map<String, Set<Integer>> constraints, Instant from) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Set<Integer>> secs = Arbitraries.integers().between(0, 59).set().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Set<Integer>> mins = Arbitraries.integers().between(0, 59).set().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Set<Integer>> hours = Arbitraries.integers().between(0, 23).set().ofMinSize(1).ofMaxSize(3);
        // day 1-31 only: with 0 (last day) later.js's search can pass over matches ({D:[1,0], d:[2]} skips
        // Monday the 31st of March); LaterScheduleTest and the differential test cover 0
        Arbitrary<Set<Integer>> dom = Arbitraries.integers().between(1, 31).set().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Set<Integer>> dow = Arbitraries.integers().between(1, 7).set().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Set<Integer>> mon = Arbitraries.integers().between(1, 12).set().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Set<String>> keys = Arbitraries.of(ORDER).set().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Instant> from = Arbitraries.longs()
                .between(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli(), Instant.parse("2030-12-31T00:00:00Z").toEpochMilli())
                .map(ms -> Instant.ofEpochSecond(ms / 1000)); // whole seconds: later.js carries a start's milliseconds into some results
        return Combinators.combine(keys, secs, mins, hours, dom, dow, mon, from).as((k, s, m, h, dd, dw, mo, f) -> {
            Map<String, Set<Integer>> c = new LinkedHashMap<>();
            if (k.contains("s")) {
                c.put("s", s);
            }
            if (k.contains("m")) {
                c.put("m", m);
            }
            if (k.contains("h")) {
                c.put("h", h);
            }
            if (k.contains("D")) {
                c.put("D", dd);
            }
            if (k.contains("d")) {
                c.put("d", dw);
            }
            if (k.contains("M")) {
                c.put("M", mo);
            }
            return new Case(c, f);
        });
    }

    @Property(tries = 300)
    void nextMatchesBruteForce(@ForAll("cases") Case c) {
        JsonObjectBuilder sb = Json.createObjectBuilder();
        c.constraints().forEach((k, v) -> {
            JsonArrayBuilder a = Json.createArrayBuilder();
            v.stream().sorted().forEach(a::add); // sorted, as later.js's parsers write values
            sb.add(k, a);
        });
        LaterSchedule s = LaterSchedule.parse(Json.createObjectBuilder()
                .add("schedules", Json.createArrayBuilder().add(sb)).build());
        Optional<Instant> expected = brute(c.constraints(), c.from());
        Optional<Instant> actual = s.next(c.from());
        if (expected.isPresent()) {
            assertThat(actual).as("%s from %s", c.constraints(), c.from()).isEqualTo(expected);
        } else {
            Instant horizon = c.from().plusSeconds(86400L * (HORIZON_DAYS - 1));
            assertThat(actual.filter(t -> t.isBefore(horizon))).as("%s from %s", c.constraints(), c.from()).isEmpty();
        }
    }

    private static Optional<Instant> brute(Map<String, Set<Integer>> c, Instant from) {
        long startSec = Math.floorDiv(from.toEpochMilli(), 1000);
        LocalDateTime t = LocalDateTime.ofEpochSecond(startSec, 0, ZoneOffset.UTC);
        LocalDate end = t.toLocalDate().plusDays(HORIZON_DAYS);
        while (t.toLocalDate().isBefore(end)) {
            LocalDate day = t.toLocalDate();
            if (!dateOk(c, day)) {
                t = day.plusDays(1).atStartOfDay();
                continue;
            }
            if (c.containsKey("h") && !c.get("h").contains(t.getHour())) {
                t = t.withMinute(0).withSecond(0).plusHours(1);
                continue;
            }
            boolean ok = (!c.containsKey("m") || c.get("m").contains(t.getMinute()))
                    && (!c.containsKey("s") || c.get("s").contains(t.getSecond()));
            if (ok) {
                Instant match = t.toInstant(ZoneOffset.UTC);
                // later.js: a start inside a matching period is itself the first occurrence
                return Optional.of(match.getEpochSecond() == startSec ? from : match);
            }
            t = t.plusSeconds(1);
        }
        return Optional.empty();
    }

    private static boolean dateOk(Map<String, Set<Integer>> c, LocalDate day) {
        if (c.containsKey("M") && !c.get("M").contains(day.getMonthValue())) {
            return false;
        }
        if (c.containsKey("D")) {
            Set<Integer> d = c.get("D");
            boolean last = day.getDayOfMonth() == day.lengthOfMonth();
            if (!d.contains(day.getDayOfMonth()) && !(last && d.contains(0))) {
                return false;
            }
        }
        // java: Monday = 1 … Sunday = 7; later.js: Sunday = 1 … Saturday = 7
        int laterDow = day.getDayOfWeek().getValue() == 7 ? 1 : day.getDayOfWeek().getValue() + 1;
        return !c.containsKey("d") || c.get("d").contains(laterDow);
    }
}
