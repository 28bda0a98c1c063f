package io.parley.domain.port.in;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.TenantId;
import java.util.List;

/** Appends up to a few hundred messages, to any conversations of a tenant, in one transaction. */
public interface AppendBatchUseCase {
  /** One outcome per command, in input order. */
  List<Outcome> appendAll(TenantId tenant, List<AppendMessageUseCase.Command> commands);

  /** What became of one message of the batch. */
  sealed interface Outcome {}

  /** Stored now ({@code created}) or found stored under its provider message id. */
  record Appended(AppendedMessage appended) implements Outcome {}

  /** Its conversation does not exist for the tenant. */
  record ConversationMissing() implements Outcome {}

  /** Refused: the message names the field and why. */
  record Invalid(String message) implements Outcome {}
}
