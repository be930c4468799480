package io.github.meteorjob;

/**
 * Options of {@link Job#log(String, LogOptions)}.
 *
 * @param level the entry's level (default info)
 * @param data  extra structured data stored with the entry (mapped with JSON-B to an object); may be {@code null}
 * @param echo  also write the message to the local logger when {@code level} is at least this level; {@code null} for no echo
 */
public record LogOptions(LogLevel level, Object data, LogLevel echo) {

    /** Level info, no data, no echo. */
    public static final LogOptions DEFAULT = new LogOptions(null, null, null);

    public static LogOptions level(LogLevel level) {
        return new LogOptions(level, null, null);
    }

    public LogOptions withData(Object data) {
        return new LogOptions(level, data, echo);
    }

    public LogOptions withEcho(LogLevel echo) {
        return new LogOptions(level, data, echo);
    }
}
