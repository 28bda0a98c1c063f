package io.parley.application.infra;

import io.dropwizard.db.DataSourceFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Accepts DATABASE_URL in either JDBC form or the common {@code postgres://user:pass@host/db} form.
 */
final class DatabaseUrls {
  private DatabaseUrls() {}

  static void normalize(DataSourceFactory database) {
    String url = database.getUrl();
    if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
      return;
    }
    URI uri = URI.create(url);
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      String[] parts = userInfo.split(":", 2);
      database.setUser(decode(parts[0]));
      if (parts.length == 2) {
        database.setPassword(decode(parts[1]));
      }
    }
    int port = uri.getPort() > 0 ? uri.getPort() : 5432;
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    database.setUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
