package io.parley.application.api;

import io.parley.application.http.Errors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque paging cursors: the position, bound to the list it belongs to (a conversation, a tenant's
 * filtered listing), signed with HMAC-SHA256 so a tampered or foreign cursor is refused with 400.
 */
public final class CursorCodec {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final int TAG_BYTES = 16;
  private final SecretKeySpec key;

  public CursorCodec(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** Encodes the position's fields for the list named by {@code scope}. */
  public String encode(String scope, List<String> fields) {
    byte[] payload = String.join("|", fields).getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(tag(scope, payload));
  }

  /**
   * Decodes a cursor issued for {@code scope}.
   *
   * @throws jakarta.ws.rs.WebApplicationException 400 naming {@code parameter} when the cursor is
   *     malformed, altered, or was issued for another list
   */
  public List<String> decode(String parameter, String cursor, String scope, int fieldCount) {
    int dot = cursor.indexOf('.');
    try {
      if (dot < 1 || cursor.length() > 512) {
        throw invalid(parameter);
      }
      byte[] payload = DECODER.decode(cursor.substring(0, dot));
      byte[] tag = DECODER.decode(cursor.substring(dot + 1));
      if (!MessageDigest.isEqual(tag, tag(scope, payload))) {
        throw invalid(parameter);
      }
      List<String> fields =
          Arrays.asList(new String(payload, StandardCharsets.UTF_8).split("\\|", -1));
      if (fields.size() != fieldCount) {
        throw invalid(parameter);
      }
      return fields;
    } catch (IllegalArgumentException notBase64) {
      throw invalid(parameter);
    }
  }

  private byte[] tag(String scope, byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(scope.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Arrays.copyOf(mac.doFinal(payload), TAG_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  private static RuntimeException invalid(String parameter) {
    return Errors.badRequest(
        parameter + " is not a valid cursor for this list: pass back a cursor this API returned");
  }
}
