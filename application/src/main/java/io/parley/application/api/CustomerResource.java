package io.parley.application.api;

import io.parley.application.config.ApiFactory;
import io.parley.application.http.Errors;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.CustomerProfile;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.EraseCustomerUseCase;
import io.parley.domain.port.in.FindCustomersUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** A tenant's customers: found by address, read by id, and their conversations. */
@Path("/v1/tenants/{tenantId}/customers")
@Tag(name = "customers")
@Produces(MediaType.APPLICATION_JSON)
public final class CustomerResource {
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_ADDRESS = io.parley.domain.model.Addresses.MAX_LENGTH;

  private final FindCustomersUseCase customers;
  private final EraseCustomerUseCase erasure;
  private final CursorCodec cursors;
  private final int maxPageSize;

  public CustomerResource(
      FindCustomersUseCase customers,
      EraseCustomerUseCase erasure,
      CursorCodec cursors,
      int maxPageSize) {
    this.customers = customers;
    this.erasure = erasure;
    this.cursors = cursors;
    this.maxPageSize = maxPageSize;
  }

  @DELETE
  @Path("/{customerId}")
  @Operation(
      operationId = "eraseCustomer",
      summary = "Erase a customer",
      description =
          "Erases the customer, their conversations, messages and every reference-context version,"
              + " from the database and every cache tier on every instance; when it answers,"
              + " nothing of the customer can be read. Asking again answers the same receipt.")
  @ApiResponse(
      responseCode = "200",
      description = "The erasure's receipt",
      content = @Content(schema = @Schema(implementation = ErasureReceipt.class)))
  public ErasureReceipt erase(
      @jakarta.ws.rs.core.Context jakarta.ws.rs.core.SecurityContext security,
      @PathParam("tenantId") String tenantId,
      @PathParam("customerId") String customerId) {
    io.parley.application.http.AuthenticationFilter.requireManage(security, "erasure");
    CustomerId customer = PathIds.customer(customerId);
    return ErasureReceipt.of(customer, erasure.erase(PathIds.tenant(tenantId), customer));
  }

  @GET
  @Operation(
      operationId = "findCustomers",
      summary = "Find customers by address",
      description =
          "The tenant's customers with exactly this address (as conversations store it), on any"
              + " channel: none, or one per channel.")
  @ApiResponse(
      responseCode = "200",
      description = "The customers found",
      content = @Content(schema = @Schema(implementation = CustomerListResponse.class)))
  public CustomerListResponse find(
      @PathParam("tenantId") String tenantId,
      @Parameter(
              required = true,
              description = "The customer's address on the channel, e.g. +254700000001",
              schema = @Schema(type = "string", minLength = 1, maxLength = MAX_ADDRESS))
          @QueryParam("address")
          String address) {
    // The rule conversation creation applies, so every stored customer can be found.
    io.parley.domain.model.Addresses.problem(address)
        .ifPresent(
            problem -> {
              throw Errors.badRequest("address " + problem);
            });
    return new CustomerListResponse(
        customers.byAddress(PathIds.tenant(tenantId), address).stream()
            .map(CustomerProfileResponse::from)
            .toList());
  }

  @GET
  @Path("/{customerId}")
  @Operation(
      operationId = "getCustomer",
      summary = "Read a customer",
      description = "The customer with their conversation count and when they were last seen.")
  @ApiResponse(
      responseCode = "200",
      description = "The customer",
      content = @Content(schema = @Schema(implementation = CustomerProfileResponse.class)))
  public CustomerProfileResponse get(
      @PathParam("tenantId") String tenantId, @PathParam("customerId") String customerId) {
    return CustomerProfileResponse.from(
        customers.get(PathIds.tenant(tenantId), PathIds.customer(customerId)));
  }

  @GET
  @Path("/{customerId}/conversations")
  @Operation(
      operationId = "listCustomerConversations",
      summary = "List a customer's conversations",
      description = "The customer's conversations, most recently updated first, cursor-paged.")
  @ApiResponse(
      responseCode = "200",
      description = "A page of the customer's conversations",
      content = @Content(schema = @Schema(implementation = ConversationListResponse.class)))
  public ConversationListResponse conversations(
      @PathParam("tenantId") String tenantId,
      @PathParam("customerId") String customerId,
      @Parameter(
              description = "Conversations per page",
              schema =
                  @Schema(
                      type = "integer",
                      minimum = "1",
                      maximum = "" + ApiFactory.DEFAULT_MAX_PAGE_SIZE,
                      defaultValue = "" + DEFAULT_LIMIT))
          @QueryParam("limit")
          String limitParam,
      @Parameter(
              description = "The next cursor of the previous page",
              schema = @Schema(type = "string"))
          @QueryParam("cursor")
          String cursor) {
    TenantId tenant = PathIds.tenant(tenantId);
    CustomerId customer = PathIds.customer(customerId);
    int limit = QueryParams.intIn("limit", limitParam, 1, maxPageSize, DEFAULT_LIMIT);
    String scope = "customer-conversations|" + tenant + "|" + customer;
    var listing =
        customers.conversations(
            tenant, customer, ConversationListResponse.after(cursors, cursor, scope), limit);
    return ConversationListResponse.of(listing, cursors, scope);
  }

  /** What an erasure removed, and when it completed. */
  public record ErasureReceipt(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String erasureId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String customerId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long conversations,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long messages,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long referenceContexts,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant completedAt) {
    static ErasureReceipt of(CustomerId customer, Erasure e) {
      return new ErasureReceipt(
          e.id().toString(),
          customer.toString(),
          e.conversations(),
          e.messages(),
          e.referenceContexts(),
          e.completedAt());
    }
  }

  /** The customers a look-up found. */
  public record CustomerListResponse(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
          List<CustomerProfileResponse> customers) {}

  /** A customer as a look-up shows them. */
  public record CustomerProfileResponse(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String channel,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String address,
      String name,
      String language,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long conversationCount,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              description = "The latest activity of any of the customer's conversations")
          Instant lastSeenAt) {
    static CustomerProfileResponse from(CustomerProfile p) {
      return new CustomerProfileResponse(
          p.customer().id().toString(),
          p.customer().channel(),
          p.customer().address(),
          p.customer().name(),
          p.customer().language(),
          p.conversationCount(),
          p.createdAt(),
          p.lastSeenAt());
    }
  }
}
