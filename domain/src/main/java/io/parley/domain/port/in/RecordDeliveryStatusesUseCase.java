package io.parley.domain.port.in;

import io.parley.domain.model.Message;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * Records the provider's delivery statuses of outbound messages; a status whose message is not
 * stored yet is held and applied when the message is appended.
 */
public interface RecordDeliveryStatusesUseCase {
  /** One outcome per report, in input order. */
  List<Recorded> record(TenantId tenant, List<Report> reports);

  /** A status report as the provider sent it (status as its wire name). */
  record Report(
      String providerMessageId, String status, Instant at, String errorCode, String errorTitle) {}

  /** What became of one report. */
  sealed interface Recorded permits Applied, Held, Refused {}

  /** The message, with its standing delivery status (this report's or a higher one). */
  record Applied(Message message) implements Recorded {}

  /** No message of the tenant has the provider id yet: held until it is appended. */
  record Held() implements Recorded {}

  /** The report is invalid; the message says why. */
  record Refused(String message) implements Recorded {}
}
