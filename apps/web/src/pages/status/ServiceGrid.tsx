import type { HealthReport } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { DiskCard } from './DiskCard';
import { ProbeCard } from './ProbeCard';
import { QueuesCard } from './QueuesCard';
import { WorkerCard } from './WorkerCard';

/** One card per part of the system, critical parts (database, Redis, workers) first. */
export const ServiceGrid: Component<{ report: HealthReport }> = (props) => (
  <div class="row row-cols-1 row-cols-md-2 row-cols-xl-3 g-3">
    <div class="col">
      <ProbeCard part="database" health={props.report.services.database} />
    </div>
    <div class="col">
      <ProbeCard part="redis" health={props.report.services.redis} />
    </div>
    <div class="col">
      <WorkerCard health={props.report.services.worker} reportedAt={props.report.timestamp} />
    </div>
    <div class="col">
      <DiskCard health={props.report.services.disk} />
    </div>
    <div class="col-md-12 col-xl-8">
      <QueuesCard health={props.report.services.queues} />
    </div>
  </div>
);
