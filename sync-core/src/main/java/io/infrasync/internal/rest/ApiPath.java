package io.infrasync.internal.rest;

import io.infrasync.AdapterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a {@code schema_mapping} {@code mapping} into a REST list path: {@code dcim.devices} →
 * {@code /api/dcim/devices/}, {@code plugins.bgp.sessions} → {@code /api/plugins/bgp/sessions/},
 * {@code peering/autonomous-systems} → {@code /api/peering/autonomous-systems/}. Underscores become
 * hyphens, as pynetbox and pynautobot do ({@code dcim.device_roles} → {@code /api/dcim/device-roles/}).
 */
public final class ApiPath {
  private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private ApiPath() {}

  /** The list path of a resource, with leading {@code /api/} and a trailing slash. */
  public static String of(String adapter, String resource) {
    String r = resource.trim();
    while (r.startsWith("/")) {
      r = r.substring(1);
    }
    while (r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    if (r.startsWith("api/")) {
      r = r.substring(4);
    }
    String[] parts = r.contains("/") ? r.split("/", -1) : r.split("\\.", -1);
    List<String> segments = new ArrayList<>();
    for (String p : parts) {
      String s = p.trim().replace('_', '-').toLowerCase(Locale.ROOT);
      if (!SEGMENT.matcher(s).matches()) {
        throw new AdapterException(adapter + ": mapping '" + resource + "' is not a resource path; expected"
            + " <app>.<endpoint> such as dcim.devices or plugins.bgp.sessions (or dcim/devices)");
      }
      segments.add(s);
    }
    if (segments.size() < 2) {
      throw new AdapterException(adapter + ": mapping '" + resource + "' names no endpoint; expected"
          + " <app>.<endpoint> such as dcim.devices");
    }
    return "/api/" + String.join("/", segments) + "/";
  }
}
