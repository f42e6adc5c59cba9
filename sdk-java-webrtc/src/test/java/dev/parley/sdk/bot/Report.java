package dev.parley.sdk.bot;

import java.io.PrintStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.sdk.conference.JanusException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The bots' output: one JSON object per line on stdout, for the tests and benchmarks that run
 * them to read ({@code type} says what it is; {@code id} is the participant). Thread-safe: lines
 * are written whole.
 */
final class Report {

    private final ObjectMapper json;
    private final PrintStream out;

    Report(ObjectMapper json, PrintStream out) {
        this.json = json;
        this.out = out;
    }

    ObjectNode line(String type, long participantId) {
        return json.createObjectNode().put("type", type).put("id", participantId);
    }

    void print(ObjectNode line) {
        String text;
        try {
            text = json.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    void error(long participantId, String during, Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof JanusException)) cause = cause.getCause();
        ObjectNode line = line("error", participantId).put("during", during);
        if (cause instanceof JanusException janus) line.put("code", janus.code()).put("reason", janus.reason());
        else line.put("reason", String.valueOf(cause));
        print(line);
    }
}
