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

/**
 * NVIDIA GPUs per VM of the N-series sizes AKS runs (learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated;
 * the same counts as microsoft/aspire src/Aspire.Hosting.Azure.Kubernetes/AksNodeVmSizes.cs). Keys are lowercase.
 */
const AKS_GPUS_PER_VM: Readonly<Record<string, number>> = {
  standard_nc4as_t4_v3: 1, standard_nc8as_t4_v3: 1, standard_nc16as_t4_v3: 1, standard_nc64as_t4_v3: 4,
  standard_nc8ads_a10_v4: 1, standard_nc16ads_a10_v4: 1, standard_nc32ads_a10_v4: 2,
  standard_nc24ads_a100_v4: 1, standard_nc48ads_a100_v4: 2, standard_nc96ads_a100_v4: 4,
  standard_nc40ads_h100_v5: 1, standard_nc80adis_h100_v5: 2,
  standard_nc6s_v3: 1, standard_nc12s_v3: 2, standard_nc24s_v3: 4, standard_nc24rs_v3: 4,
  standard_nd96asr_v4: 8, standard_nd96amsr_a100_v4: 8, standard_nd96isr_h100_v5: 8, standard_nd96isr_h200_v5: 8,
};

/**
 * MIG instances per GPU for an AKS MIG profile: AKS exposes each instance as one `nvidia.com/gpu` (its single
 * strategy; learn.microsoft.com/azure/aks/gpu-multi-instance). MIG1g is 1g.10gb (7 per A100), MIG7g the whole GPU.
 */
const MIG_INSTANCES_PER_GPU: Readonly<Record<string, number>> = { MIG1g: 7, MIG2g: 3, MIG3g: 2, MIG4g: 1, MIG7g: 1 };

/** `nvidia.com/gpu` a node of the size offers, with the MIG profile applied; undefined for a size not in the table. */
export function aksGpusPerNode(vmSize: string, migProfile?: string): number | undefined {
  const gpus = AKS_GPUS_PER_VM[vmSize.toLowerCase()];
  if (gpus === undefined) return undefined;
  return migProfile === undefined ? gpus : gpus * (MIG_INSTANCES_PER_GPU[migProfile] ?? 1);
}
