import { Issues } from '../../core/validation';
import { KubernetesClusterMaintenanceWindowAutoUpgrade } from '../internal/azurerm';
import { AksMaintenanceWindowSpec, AksUpgradesSpec } from './aks-types';

// Shapes from the AKS maintenanceConfigurations API (learn.microsoft.com/azure/aks/planned-maintenance):
// durationHours 4-24, intervalDays 1-7, intervalWeeks 1-4, intervalMonths 1-6, startTime "HH:mm", utcOffset "+HH:mm".
const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const UTC_OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;
const MAX_INTERVAL = { Daily: 7, Weekly: 4, AbsoluteMonthly: 6, RelativeMonthly: 6 } as const;

/** Kubernetes upgrades on Sundays, node images on Saturdays: the two never overlap by default. */
export const DEFAULT_UPGRADE_WINDOW: AksMaintenanceWindowSpec = { frequency: 'Weekly', dayOfWeek: 'Sunday', startTime: '02:00', durationHours: 4 };
export const DEFAULT_NODE_OS_WINDOW: AksMaintenanceWindowSpec = { frequency: 'Weekly', dayOfWeek: 'Saturday', startTime: '02:00', durationHours: 4 };

/** Checks the upgrade channels and both maintenance windows. */
export function aksUpgradesRules(upgrades: AksUpgradesSpec, issues: Issues): void {
  if (upgrades.channel === 'node-image') {
    // azurerm 4.55 docs: node_os_upgrade_channel must be NodeImage when automatic_upgrade_channel is node-image.
    const os = upgrades.nodeOsChannel ?? 'NodeImage';
    issues.check(os === 'NodeImage', 'nodeOsChannel', os, 'must be NodeImage when channel is node-image (AKS)');
  }
  if (upgrades.window) maintenanceWindowRules(upgrades.window, issues.at('window'));
  if (upgrades.nodeOsWindow) maintenanceWindowRules(upgrades.nodeOsWindow, issues.at('nodeOsWindow'));
}

export function maintenanceWindowRules(window: AksMaintenanceWindowSpec, issues: Issues): void {
  const frequency = window.frequency ?? 'Weekly';
  const interval = window.interval ?? 1;
  const max = MAX_INTERVAL[frequency];
  issues.check(Number.isInteger(interval) && interval >= 1 && interval <= max, 'interval', interval, `must be a whole number from 1 to ${max} for a ${frequency} window`);
  const duration = window.durationHours ?? 4;
  issues.check(Number.isInteger(duration) && duration >= 4 && duration <= 24, 'durationHours', duration, 'must be a whole number of hours from 4 to 24 (AKS planned maintenance)');
  if (window.startTime !== undefined) issues.check(START_TIME.test(window.startTime), 'startTime', window.startTime, 'must be HH:mm in 24-hour time, for example 02:00');
  if (window.utcOffset !== undefined) issues.check(UTC_OFFSET.test(window.utcOffset), 'utcOffset', window.utcOffset, 'must be +HH:mm or -HH:mm, for example +01:00');
  if (frequency === 'AbsoluteMonthly') {
    const day = window.dayOfMonth;
    issues.check(day !== undefined && Number.isInteger(day) && day >= 1 && day <= 31, 'dayOfMonth', day, 'an AbsoluteMonthly window needs dayOfMonth from 1 to 31');
  } else {
    issues.check(window.dayOfMonth === undefined, 'dayOfMonth', window.dayOfMonth, 'only an AbsoluteMonthly window takes dayOfMonth');
  }
  if (frequency === 'RelativeMonthly') {
    issues.check(window.weekIndex !== undefined, 'weekIndex', window.weekIndex, 'a RelativeMonthly window needs weekIndex (First ... Last) and dayOfWeek');
  } else {
    issues.check(window.weekIndex === undefined, 'weekIndex', window.weekIndex, 'only a RelativeMonthly window takes weekIndex');
  }
  if (frequency === 'Daily' || frequency === 'AbsoluteMonthly') {
    issues.check(window.dayOfWeek === undefined, 'dayOfWeek', window.dayOfWeek, `a ${frequency} window takes no dayOfWeek`);
  }
}

/** The provider block for a window; the auto-upgrade and node-OS blocks have the same shape. */
export function maintenanceWindowBlock(window: AksMaintenanceWindowSpec): KubernetesClusterMaintenanceWindowAutoUpgrade {
  const frequency = window.frequency ?? 'Weekly';
  const weekly = frequency === 'Weekly' || frequency === 'RelativeMonthly';
  return {
    frequency,
    interval: window.interval ?? 1,
    duration: window.durationHours ?? 4,
    dayOfWeek: weekly ? (window.dayOfWeek ?? 'Sunday') : undefined,
    dayOfMonth: frequency === 'AbsoluteMonthly' ? window.dayOfMonth : undefined,
    weekIndex: frequency === 'RelativeMonthly' ? window.weekIndex : undefined,
    startTime: window.startTime ?? '02:00',
    utcOffset: window.utcOffset ?? '+00:00',
  };
}
