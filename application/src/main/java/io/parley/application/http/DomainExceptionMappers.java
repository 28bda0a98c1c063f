package io.parley.application.http;

import io.parley.domain.model.ConflictException;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.StoreUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One small mapper per domain exception, each to the status the API contract gives it. */
public final class DomainExceptionMappers {
  private DomainExceptionMappers() {}

  /** Absent, or another tenant's: 404 either way. */
  public static final class NotFoundExceptionMapper implements ExceptionMapper<NotFoundException> {
    @Override
    public Response toResponse(NotFoundException e) {
      return Errors.response(404, e.getMessage());
    }
  }

  /** A field value the domain refuses: 422, naming the field. */
  public static final class InvalidInputExceptionMapper
      implements ExceptionMapper<InvalidInputException> {
    @Override
    public Response toResponse(InvalidInputException e) {
      return Errors.response(422, e.getMessage());
    }
  }

  /** A duplicate or contradicting write: 409. */
  public static final class ConflictExceptionMapper implements ExceptionMapper<ConflictException> {
    @Override
    public Response toResponse(ConflictException e) {
      return Errors.response(409, e.getMessage());
    }
  }

  /** PostgreSQL is down: 503 with Retry-After, so clients and load balancers back off. */
  public static final class StoreUnavailableExceptionMapper
      implements ExceptionMapper<StoreUnavailableException> {
    private static final Logger LOG =
        LoggerFactory.getLogger(StoreUnavailableExceptionMapper.class);

    @Override
    public Response toResponse(StoreUnavailableException e) {
      // The adapters build this message from LogSafe alone: classes, SQLSTATE, statement label.
      LOG.warn("{}", e.getMessage());
      Response response = Errors.response(503, "the database is unavailable; retry shortly");
      return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, "2").build();
    }
  }
}
