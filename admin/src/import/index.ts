export { ImportWizard, IMPORT_TYPES } from './ImportWizard';
export { ExportButtons, ListExportButtons } from './ExportButtons';
