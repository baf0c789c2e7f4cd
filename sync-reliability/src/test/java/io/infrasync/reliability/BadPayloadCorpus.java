package io.infrasync.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * Malformed server answers: NetBox list pages (the devices endpoint of the crash scenario),
 * Infrahub GraphQL query answers and Infrahub schema documents. Each is served in place of the real
 * answer through the emulators' fault hook, and must fail the run with an error that names the
 * request (method and URL) or the record, before anything is written.
 */
final class BadPayloadCorpus {
  private BadPayloadCorpus() {}

  enum Target {
    NETBOX_DEVICES("GET", "/api/dcim/devices/"),
    INFRAHUB_QUERY("POST", "/graphql"),
    INFRAHUB_SCHEMA("GET", "/api/schema");

    final String method;
    final String path;

    Target(String method, String path) {
      this.method = method;
      this.path = path;
    }
  }

  /**
   * One malformed answer.
   *
   * @param expect fragments the message must contain (the request or the record)
   */
  record PayloadCase(String name, Target target, int status, String contentType, String body, List<String> expect) {
    @Override
    public String toString() {
      return target + ": " + name;
    }
  }

  static final String JSON = "application/json";
  static final String HTML = "text/html; charset=utf-8";

  private static final String DEVICE = """
      {"id": 1, "url": "http://x/api/dcim/devices/1/", "display": "d1", "name": "d1",
       "device_type": {"id": 1, "url": "http://x/api/dcim/device-types/1/", "model": "DT-00"},
       "site": {"id": 1, "url": "http://x/api/dcim/sites/1/", "name": "site-0"},
       "tenant": null, "serial": "S1", "status": {"value": "active", "label": "Active"},
       "last_updated": "2025-01-01T00:00:00Z"}""";

  static String page(String results) {
    return "{\"count\": 1, \"next\": null, \"previous\": null, \"results\": [" + results + "]}";
  }

  private static final tools.jackson.databind.ObjectMapper MAPPER = tools.jackson.databind.json.JsonMapper.builder()
      .build();

  /** The device with one field replaced by a JSON value, or removed when {@code value} is null. */
  static String device(String field, @org.jspecify.annotations.Nullable String value) {
    tools.jackson.databind.node.ObjectNode d = (tools.jackson.databind.node.ObjectNode) MAPPER.readTree(DEVICE);
    if (value == null) {
      d.remove(field);
    } else {
      d.set(field, MAPPER.readTree(value));
    }
    return d.toString();
  }

  static List<PayloadCase> all() {
    List<PayloadCase> out = new ArrayList<>();
    Target nb = Target.NETBOX_DEVICES;
    List<String> req = List.of("GET", "/api/dcim/devices/");
    // not JSON, or JSON of the wrong shape
    out.add(new PayloadCase("empty body", nb, 200, JSON, "", req));
    out.add(new PayloadCase("cut JSON", nb, 200, JSON, "{\"count\": 1, \"results\": [", req));
    out.add(new PayloadCase("garbage", nb, 200, JSON, "garbage \u0000\u0001", req));
    out.add(new PayloadCase("null", nb, 200, JSON, "null", req));
    out.add(new PayloadCase("a number", nb, 200, JSON, "42", req));
    out.add(new PayloadCase("a string", nb, 200, JSON, "\"page\"", req));
    out.add(new PayloadCase("no results", nb, 200, JSON, "{\"count\": 1}", req));
    out.add(new PayloadCase("results is a map", nb, 200, JSON, "{\"count\": 1, \"results\": {}}", req));
    out.add(new PayloadCase("results is a string", nb, 200, JSON, "{\"count\": 1, \"results\": \"x\"}", req));
    out.add(new PayloadCase("count is a word", nb, 200, JSON, "{\"count\": \"ten\", \"results\": []}", req));
    out.add(new PayloadCase("count is negative", nb, 200, JSON, "{\"count\": -5, \"results\": []}", req));
    out.add(new PayloadCase("count is a float", nb, 200, JSON, "{\"count\": 1.5, \"results\": []}", req));
    out.add(new PayloadCase("a list of numbers", nb, 200, JSON, "[1, 2]", req));
    out.add(new PayloadCase("a result is a number", nb, 200, JSON, page("1"), req));
    out.add(new PayloadCase("a result is null", nb, 200, JSON, page("null"), req));
    out.add(new PayloadCase("a result is a list", nb, 200, JSON, page("[1, 2]"), req));
    out.add(new PayloadCase("JSON with trailing garbage", nb, 200, JSON, page(DEVICE) + " ]]", req));
    out.add(new PayloadCase("deeply nested JSON", nb, 200, JSON, "[".repeat(3000) + "]".repeat(3000), req));
    // records of the wrong shape
    List<String> rec = List.of("InfraDevice");
    out.add(new PayloadCase("record without id", nb, 200, JSON, page(device("id", null)), req));
    out.add(new PayloadCase("record id is a map", nb, 200, JSON, page(device("id", "{\"a\": 1}")),
        req));
    out.add(new PayloadCase("record id is a list", nb, 200, JSON, page(device("id", "[1]")),
        req));
    out.add(new PayloadCase("site reference is a string", nb, 200, JSON, page(device("site", "\"site-0\"")), rec));
    out.add(new PayloadCase("site reference has no id", nb, 200, JSON, page(device("site", "{\"name\": \"site-0\"}")),
        rec));
    out.add(new PayloadCase("site reference to an unknown id", nb, 200, JSON,
        page(device("site", "{\"id\": 987654, \"url\": \"http://x/api/dcim/sites/987654/\"}")), rec));
    out.add(new PayloadCase("site reference is a number", nb, 200, JSON, page(device("site", "7")), rec));
    out.add(new PayloadCase("name is missing", nb, 200, JSON, page(device("name", null)), rec));
    out.add(new PayloadCase("status is a list", nb, 200, JSON, page(device("status", "[1, 2]")), rec));
    // error pages
    out.add(new PayloadCase("HTML page with 200", nb, 200, HTML, "<html><body><h1>Server Error</h1></body></html>",
        req));
    out.add(new PayloadCase("HTML page with 500", nb, 500, HTML, "<html><body><h1>Server Error (500)</h1></body></html>",
        List.of("GET", "/api/dcim/devices/", "500")));
    out.add(new PayloadCase("HTML page with 502", nb, 502, HTML, "<html><body>Bad Gateway</body></html>",
        List.of("GET", "/api/dcim/devices/", "502")));
    out.add(new PayloadCase("login page (HTML 200, text/html)", nb, 200, HTML,
        "<!DOCTYPE html><html><form action=\"/login/\"></form></html>", req));
    out.add(new PayloadCase("JSON page served as text/plain with garbage", nb, 200, "text/plain", "OK", req));
    out.add(new PayloadCase("XML", nb, 200, "application/xml", "<results><device/></results>", req));
    out.add(new PayloadCase("401 JSON", nb, 401, JSON, "{\"detail\": \"Invalid token\"}",
        List.of("GET", "/api/dcim/devices/", "401")));
    out.add(new PayloadCase("403 JSON", nb, 403, JSON, "{\"detail\": \"no permission\"}",
        List.of("GET", "/api/dcim/devices/", "403")));
    out.add(new PayloadCase("404 HTML", nb, 404, HTML, "<h1>Not Found</h1>", List.of("GET", "/api/dcim/devices/", "404")));
    out.add(new PayloadCase("huge page over max_response_bytes", nb, 200, JSON,
        page(device("serial", "\"" + "x".repeat(300_000) + "\"")), req));

    Target q = Target.INFRAHUB_QUERY;
    List<String> gql = List.of("infrahub: reading ");
    List<String> post = List.of("POST", "/graphql");
    out.add(new PayloadCase("empty body", q, 200, JSON, "", post));
    out.add(new PayloadCase("cut JSON", q, 200, JSON, "{\"data\": {\"LocationSite\": {\"count\": 1, \"edges\": [", post));
    out.add(new PayloadCase("garbage", q, 200, JSON, "garbage", post));
    out.add(new PayloadCase("null", q, 200, JSON, "null", gql));
    out.add(new PayloadCase("a list", q, 200, JSON, "[1]", gql));
    out.add(new PayloadCase("data is null without errors", q, 200, JSON, "{\"data\": null}", gql));
    out.add(new PayloadCase("data is a string", q, 200, JSON, "{\"data\": \"x\"}", gql));
    out.add(new PayloadCase("data is empty", q, 200, JSON, "{\"data\": {}}", gql));
    out.add(new PayloadCase("errors is a string", q, 200, JSON, "{\"errors\": \"boom\"}", gql));
    out.add(new PayloadCase("errors with messages", q, 200, JSON, "{\"data\": null, \"errors\": [{\"message\": "
        + "\"internal failure\"}]}", List.of("infrahub: reading ", "internal failure")));
    out.add(new PayloadCase("errors items are numbers", q, 200, JSON, "{\"errors\": [1, 2]}", gql));
    out.add(new PayloadCase("edges is a string", q, 200, JSON, everyKind("{\"count\": 1, \"edges\": \"x\"}"), gql));
    out.add(new PayloadCase("count is a word", q, 200, JSON, everyKind("{\"count\": \"x\", \"edges\": []}"), gql));
    out.add(new PayloadCase("edge without node", q, 200, JSON, everyKind("{\"count\": 1, \"edges\": [{}]}"), gql));
    out.add(new PayloadCase("node without id", q, 200, JSON,
        everyKind("{\"count\": 1, \"edges\": [{\"node\": {\"name\": {\"value\": \"x\"}}}]}"), gql));
    out.add(new PayloadCase("node id is a number", q, 200, JSON,
        everyKind("{\"count\": 1, \"edges\": [{\"node\": {\"id\": 5, \"name\": {\"value\": \"x\"}}}]}"), gql));
    out.add(new PayloadCase("node is a list", q, 200, JSON, everyKind("{\"count\": 1, \"edges\": [{\"node\": []}]}"),
        gql));
    out.add(new PayloadCase("kind answer is a list", q, 200, JSON, everyKind("[]"), gql));
    out.add(new PayloadCase("HTML with 200", q, 200, HTML, "<html>oops</html>", post));
    out.add(new PayloadCase("HTML with 502", q, 502, HTML, "<html>Bad Gateway</html>", List.of("/graphql", "502")));
    out.add(new PayloadCase("plain text 500", q, 500, "text/plain", "Internal Server Error", List.of("/graphql", "500")));
    out.add(new PayloadCase("huge answer", q, 200, JSON, "{\"data\": {\"x\": \"" + "y".repeat(300_000) + "\"}}", post));

    Target s = Target.INFRAHUB_SCHEMA;
    List<String> schema = List.of("/api/schema");
    out.add(new PayloadCase("empty body", s, 200, JSON, "", schema));
    out.add(new PayloadCase("garbage", s, 200, JSON, "<<<", schema));
    out.add(new PayloadCase("a list", s, 200, JSON, "[]", schema));
    out.add(new PayloadCase("nodes is a string", s, 200, JSON, "{\"nodes\": \"x\", \"generics\": []}", schema));
    out.add(new PayloadCase("node without name", s, 200, JSON, "{\"nodes\": [{\"namespace\": \"Infra\"}]}", schema));
    out.add(new PayloadCase("attributes is a number", s, 200, JSON,
        "{\"nodes\": [{\"name\": \"Site\", \"namespace\": \"Location\", \"attributes\": 5}]}", schema));
    out.add(new PayloadCase("HTML with 200", s, 200, HTML, "<html>maintenance</html>", schema));
    out.add(new PayloadCase("HTML with 503", s, 503, HTML, "<html>maintenance</html>", List.of("/api/schema", "503")));
    return out;
  }

  /** A GraphQL answer in which every kind of the scenario has this value. */
  static String everyKind(String value) {
    StringBuilder sb = new StringBuilder("{\"data\": {");
    for (int i = 0; i < CrashFixture.KINDS.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('"').append(CrashFixture.KINDS.get(i)).append("\": ").append(value);
    }
    return sb.append("}}").toString();
  }
}
