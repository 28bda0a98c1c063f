package io.parley.domain.port.in;

import io.parley.domain.model.Principal;
import java.util.Optional;

/** Tells who presents a bearer key: the admin, a tenant, or nobody known. */
public interface AuthenticateUseCase {
  Optional<Principal> authenticate(String presentedKey);
}
