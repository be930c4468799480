package io.github.meteorjob.server.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A parsed Prometheus text scrape: every sample by its series ({@code name{labels}}), checked line by line. */
record Scrape(String text, Map<String, Double> samples) {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\"(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\")*\\})?) "
                    + "(-?[0-9.eE+-]+|\\+Inf|-Inf|NaN)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) .*");

    /** GETs {@code url} and parses it; fails on anything that is not the text format. */
    static Scrape get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as(r.headers().map().toString()).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        return parse(r.body());
    }

    static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                assertThat(line).as("comment line").matches(COMMENT);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("sample line '%s'", line).isTrue();
            assertThat(samples.put(m.group(1), Double.parseDouble(m.group(2).replace("+Inf", "Infinity")))).as("duplicate " + line).isNull();
        }
        return new Scrape(text, samples);
    }

    /** The value of a series, or 0 when absent (a counter never incremented). */
    double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }
}
