// What the api needs to schedule exports, without importing workflow code.
export const EXPORT_WORKFLOW_TYPE = 'exportWorkflow';
export const exportScheduleId = (name: string) => `export:${name}`;
