package io.cairn.transfer;

import io.cairn.codec.Cid;
import java.util.List;

/**
 * What one fetch did.
 *
 * @param blocks blocks received, verified and stored
 * @param bytes their bytes
 * @param wireBytes response body bytes received (CAR framing, raw blocks, bad or cut-off responses)
 * @param duplicates verified blocks received that were already held (wasted transfer)
 * @param badBlocks blocks refused: not hashing to their CID, or not part of the DAG
 * @param requests HTTP requests made
 * @param providers the providers that took part, with their own counts
 */
public record FetchResult(Cid root, long blocks, long bytes, long wireBytes, long duplicates, long badBlocks,
    long requests, List<Provider> providers) {}
