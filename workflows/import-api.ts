// What the api needs to start an import workflow, without importing workflow code.
export const CSV_IMPORT_WORKFLOW_TYPE = 'csvImportWorkflow';
export const csvImportWorkflowId = (importId: string) => `csv-import:${importId}`;
