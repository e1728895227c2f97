// @helia/verified-fetch on a Helia that reaches content over HTTP only (no libp2p): trustless
// gateways given by URL and/or delegated routing v1 endpoints. Used by test/gateway.test.mjs
// and bin/verified-fetch.mjs.
import { withHTTP } from '@helia/http'
import { createVerifiedFetch } from '@helia/verified-fetch'
import { createHeliaLight } from 'helia'

// Node 20 has no Promise.withResolvers (Node 22 does); @helia/delegated-routing-v1-http-api-client
// calls it and, without it, every provider lookup fails silently (found 0 providers).
if (Promise.withResolvers == null) {
  Promise.withResolvers = function () {
    let resolve, reject
    const promise = new this((a, b) => { resolve = a; reject = b })
    return { promise, resolve, reject }
  }
}

/**
 * A content router that finds nothing: Helia 7 with only fallback (gateway) routers never
 * ends a provider search unless another router finishes one.
 */
export const noopRouter = {
  name: 'noop',
  async * findProviders () {},
  async provide () {},
  async cancelReprovide () {},
  async put () {},
  async get () { throw new Error('not found') },
  async findPeer () { throw new Error('not found') },
  async * getClosestPeers () {}
}

/**
 * @param {object} opts
 * @param {string[]} [opts.gateways] trustless gateway base URLs
 * @param {string[]} [opts.routers] delegated routing v1 base URLs
 * @returns {Promise<{fetch: Function, stop: () => Promise<void>}>}
 */
export async function makeVerifiedFetch ({ gateways = [], routers = [] }) {
  const helia = withHTTP(createHeliaLight({}), {
    delegatedRouters: routers,
    recursiveGateways: gateways,
    allowInsecure: true,
    allowLocal: true
  })
  helia.addRouter(noopRouter)
  await helia.start()
  const verifiedFetch = await createVerifiedFetch(helia)
  return {
    fetch: verifiedFetch,
    stop: async () => { await verifiedFetch.stop(); await helia.stop() }
  }
}
