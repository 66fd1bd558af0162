export { ImportWizard } from './ImportWizard';
export { ExportButtons, ListExportButtons } from './ExportButtons';
