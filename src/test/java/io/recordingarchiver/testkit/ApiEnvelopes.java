package io.recordingarchiver.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Cloudflare API error envelope: {@code {"success":false,"errors":[{"code":..,"message":..}]}}. */
final class ApiEnvelopes {

    private ApiEnvelopes() {
    }

    static String error(ObjectMapper json, int code, String message) {
        ObjectNode body = json.createObjectNode().put("success", false);
        body.putArray("errors").addObject().put("code", code).put("message", message);
        body.putArray("messages");
        return body.toString();
    }
}
