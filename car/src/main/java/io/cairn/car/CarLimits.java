package io.cairn.car;

/**
 * Caps on the lengths a CAR reader will believe, so a hostile or corrupt length prefix can
 * never make it allocate more than this. Defaults are go-car's.
 *
 * @param maxHeaderSize largest CARv1 header (default 32 MiB)
 * @param maxSectionSize largest section, CID plus block (default 8 MiB)
 * @param maxIndexSize largest CARv2 index read into memory (default 1 GiB)
 */
public record CarLimits(int maxHeaderSize, int maxSectionSize, long maxIndexSize) {
  public static final CarLimits DEFAULT = new CarLimits(32 << 20, 8 << 20, 1L << 30);

  public CarLimits {
    if (maxHeaderSize <= 0 || maxSectionSize <= 0 || maxIndexSize <= 0) {
      throw new IllegalArgumentException("CAR limits must be positive");
    }
  }
}
