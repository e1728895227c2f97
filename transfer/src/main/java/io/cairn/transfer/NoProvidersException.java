package io.cairn.transfer;

import io.cairn.codec.Cid;

/** No provider is configured or was found by routing, so nothing can be fetched. */
public class NoProvidersException extends TransferException {
  public NoProvidersException(Cid cid) {
    super("no provider for " + cid + ": add peers to Peering.Peers, gateways to "
        + ProviderConfig.GATEWAYS_KEY + " or routers to Routing.DelegatedRouters");
  }
}
