package io.infrasync.testkit.infrahub;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An error of Infrahub's error catalogue ({@code extensions: {code, http_status, data}}), raised by
 * the emulator's resolvers and rendered as a GraphQL error.
 */
final class InfrahubError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final String code;
  final int httpStatus;
  final transient Map<String, @Nullable Object> data;

  InfrahubError(String code, int httpStatus, String message, Map<String, @Nullable Object> data) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
    this.data = data;
  }

  /** {@code extensions} of the GraphQL error. */
  Map<String, Object> extensions() {
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("code", code);
    ext.put("http_status", httpStatus);
    ext.put("data", data);
    return ext;
  }

  private static Map<String, @Nullable Object> data(@Nullable Object... keyValues) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
    }
    return m;
  }

  static InfrahubError nodeNotFound(String kind, String identifier) {
    return new InfrahubError(
        "NODE_NOT_FOUND",
        404,
        "Unable to find the node " + identifier + " / " + kind + " in the database.",
        data("node_kind", kind, "identifier", identifier));
  }

  static InfrahubError uniqueness(String kind, List<String> fields, List<String> values) {
    StringBuilder msg = new StringBuilder("Node of kind " + kind + " already has ");
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        msg.append(", ");
      }
      msg.append(fields.get(i)).append(" '").append(values.get(i)).append('\'');
    }
    return new InfrahubError(
        "UNIQUENESS_VIOLATION",
        422,
        msg.toString(),
        data("node_kind", kind, "fields", List.copyOf(fields)));
  }

  static InfrahubError attributeRequired(String kind, String field) {
    return new InfrahubError(
        "ATTRIBUTE_REQUIRED",
        422,
        "A value is required for " + kind + "." + field,
        data("node_kind", kind, "field_name", field));
  }

  static InfrahubError invalidType(String kind, String field, String message) {
    return new InfrahubError(
        "ATTRIBUTE_INVALID_TYPE",
        422,
        message + " at " + field,
        data("node_kind", kind, "field_name", field));
  }

  static InfrahubError constraint(String kind, String field, String message) {
    return new InfrahubError(
        "ATTRIBUTE_CONSTRAINT_VIOLATION",
        422,
        message + " at " + field,
        data("node_kind", kind, "field_name", field));
  }

  static InfrahubError branchNotFound(String branch) {
    return new InfrahubError(
        "BRANCH_NOT_FOUND", 400, "Branch: " + branch + " not found.", data("branch_name", branch));
  }

  static InfrahubError schemaNotFound(String kind) {
    return new InfrahubError(
        "SCHEMA_NOT_FOUND",
        422,
        "Unable to find the schema " + kind + " in the database.",
        data("kind", kind));
  }

  static InfrahubError permissionDenied(String action, String kind) {
    return new InfrahubError(
        "PERMISSION_DENIED",
        403,
        "The requested operation was not authorized",
        data("action", action, "resource_kind", kind));
  }

  static InfrahubError authenticationRequired() {
    return new InfrahubError(
        "AUTHENTICATION_REQUIRED",
        401,
        "Authentication is required to perform this operation",
        data());
  }

  /**
   * An emulator validation failure with no catalogue code of its own (the message says what is
   * wrong); code {@code VALIDATION_ERROR}, HTTP status 422.
   */
  static InfrahubError validation(String message) {
    return new InfrahubError("VALIDATION_ERROR", 422, message, data());
  }
}
