/** The review rules, in the order findings are listed. Add a rule: one file, one line here. */
import type { ReviewRule } from '../types';
import { actionsDisabled } from './actions-disabled';
import { alwaysFires } from './always-fires';
import { compositeMasked } from './composite-masked';
import { compositeOver100 } from './composite-over-100';
import { compositeUnknownChild } from './composite-unknown-child';
import { duplicateName } from './duplicate-name';
import { dynamodbMissingData } from './dynamodb-missing-data';
import { healthyTrafficTrips } from './healthy-traffic-trips';
import { mathOver10Metrics } from './math-over-10-metrics';
import { nameTooLong } from './name-too-long';
import { neverFires } from './never-fires';
import { noAction } from './no-action';
import { pagesOnFirstError } from './pages-on-first-error';
import { percentileLowSample } from './percentile-low-sample';
import { rejectedByCloudWatch } from './rejected-by-cloudwatch';
import { windowOverADay } from './window-over-a-day';

/** Every review rule, in the order findings are reported. */
export const RULES: readonly ReviewRule[] = [
  noAction,
  actionsDisabled,
  windowOverADay,
  mathOver10Metrics,
  percentileLowSample,
  neverFires,
  alwaysFires,
  nameTooLong,
  duplicateName,
  compositeOver100,
  rejectedByCloudWatch,
  compositeUnknownChild,
  dynamodbMissingData,
  pagesOnFirstError,
  compositeMasked,
  healthyTrafficTrips,
];
