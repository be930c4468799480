package io.github.meteorjob.server.ddp;

import jakarta.json.spi.JsonProvider;

/** The JSON-P provider, looked up once: the {@code jakarta.json.Json} statics search for it on every call. */
final class JsonSupport {

    static final JsonProvider JSON = JsonProvider.provider();

    private JsonSupport() {
    }
}
