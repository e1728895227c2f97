package io.cairn.transfer;

/**
 * One provider failed one request: an HTTP error status, a reset, a stall, a bad or unexpected
 * block. The provider is demoted and the work goes to others.
 */
public class ProviderException extends TransferException {
  private final Provider provider;

  public ProviderException(Provider provider, String problem) {
    super(provider + ": " + problem);
    this.provider = provider;
  }

  public ProviderException(Provider provider, String problem, Throwable cause) {
    super(provider + ": " + problem, cause);
    this.provider = provider;
  }

  public Provider provider() {
    return provider;
  }
}
