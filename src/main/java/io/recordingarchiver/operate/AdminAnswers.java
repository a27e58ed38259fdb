package io.recordingarchiver.operate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON answers of the admin API; errors are {@code {"error": "<one sentence>"}}, never an echo of the request. */
public class AdminAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An error answer with the given status and sentence. */
    public StatusApi.Answer error(int status, String message) {
        ObjectNode json = JSON.createObjectNode();
        json.put("error", message);
        return new StatusApi.Answer(status, json.toString());
    }

    /**
     * The answer to a refused admin call: the status and sentence of the {@link AdminToken.AdminAccessDenied}
     * or {@link AdminRequestRefused} the failure is or wraps (Camel wraps what a bean expression
     * throws); 500 for anything else.
     */
    public StatusApi.Answer refused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AdminToken.AdminAccessDenied denied) {
                return error(denied.getStatus(), denied.getReason());
            }
            if (t instanceof AdminRequestRefused refused) {
                return error(refused.getStatus(), refused.getReason());
            }
        }
        return error(500, "the admin call failed, see the archiver log");
    }

    /** A success answer with the given JSON body. */
    static StatusApi.Answer accepted(ObjectNode body) {
        return new StatusApi.Answer(202, body.toString());
    }

    /** A new JSON object for a success answer. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
