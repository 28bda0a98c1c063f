package io.parley.application.api;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationListPosition;
import io.parley.domain.port.in.ListConversationsUseCase;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** One page of conversations; {@code nextCursor} is null on the last page. */
public record ConversationListResponse(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ConversationResponse> conversations,
    String nextCursor) {

  /**
   * A listing's page (the tenant's, or a customer's), its next cursor bound to the listing's {@code
   * scope}.
   */
  static ConversationListResponse of(
      ListConversationsUseCase.Listing listing, CursorCodec cursors, String scope) {
    ConversationListPosition next = listing.next();
    return new ConversationListResponse(
        listing.conversations().stream().map(ConversationResponse::from).toList(),
        next == null ? null : encode(cursors, next, scope));
  }

  /** Where a listing's cursor says to go on from; null without a cursor. */
  static ConversationListPosition after(CursorCodec cursors, String cursor, String scope) {
    if (cursor == null) {
      return null;
    }
    List<String> fields = cursors.decode("cursor", cursor, scope, 2);
    long micros = Long.parseLong(fields.get(0));
    Instant at =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    return new ConversationListPosition(at, ConversationId.of(fields.get(1)));
  }

  private static String encode(
      CursorCodec cursors, ConversationListPosition position, String scope) {
    Instant at = position.updatedAt();
    String micros = Long.toString(at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
    return cursors.encode(scope, List.of(micros, position.id().toString()));
  }
}
