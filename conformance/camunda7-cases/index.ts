/** Every Camunda 7 conformance case, one module per corpus folder. */
import type { Camunda7Case } from '../camunda7-harness.js';
import { cases as gateway } from './gateway.js';

export const allCases: Camunda7Case[] = [...gateway];
