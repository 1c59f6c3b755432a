// N-series sizes carry NVIDIA (NC, ND, NV) or AMD (NVv4) GPUs: Standard_NC24ads_A100_v4, Standard_ND96isr_H100_v5, ...
const N_SERIES = /^Standard_N[CDV]\d/i;
// NVv4 has AMD GPUs, which AKS GPU pools do not support (learn.microsoft.com/azure/aks/use-nvidia-gpu).
const AMD_NVV4 = /^Standard_NV\d+as_v4$/i;
// Azure Linux cannot run A100/H100-class sizes (research aks-gke-clusters.md §2.3; AKS GPU docs). ND96asr_v4 is A100.
const NEEDS_UBUNTU = /(A100|H100|H200|^Standard_ND96asr_v4$)/i;
// MIG partitions exist only on A100/H100-class GPUs.
const MIG_CAPABLE = NEEDS_UBUNTU;

/** True for N-series VM sizes, the ones with GPUs. */
export function isAksGpuSize(vmSize: string): boolean {
  return N_SERIES.test(vmSize);
}

/** True for the AMD NVv4 sizes, which AKS GPU pools do not support. */
export function isUnsupportedAmdGpuSize(vmSize: string): boolean {
  return AMD_NVV4.test(vmSize);
}

/** True for sizes that need the Ubuntu node image. */
export function aksGpuSizeNeedsUbuntu(vmSize: string): boolean {
  return NEEDS_UBUNTU.test(vmSize);
}

/** True for sizes whose GPUs can be split with MIG. */
export function aksGpuSizeSupportsMig(vmSize: string): boolean {
  return MIG_CAPABLE.test(vmSize);
}
