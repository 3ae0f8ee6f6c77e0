/** The image engine of edits: the upright decode (with an operation list for a saved version) and the preview. */

export { decodeUpright } from './decode-upright';
export type { DecodedImage } from './decoded-image';
export type { ApplyEditOptions, EditInput } from './edit-operations';
export { applyEditOperations, editPipeline, planFor, rawPixels } from './edit-operations';
export type { EditPlan, OutputBound, PlannedStage, PlanSource } from './edit-plan';
export { changesPixels, EditGeometryError, planEdit } from './edit-plan';
export type { FilterRun } from './filter-plan';
export { planFilters } from './filter-plan';
export { describeImageFault, imageFaultDetail } from './image-faults';
export type { PreviewImage, PreviewInput, PreviewRenderer, PreviewRendererOptions } from './preview-renderer';
export {
  createPreviewRenderer,
  decodePreviewSource,
  PREVIEW_JPEG_QUALITY,
  PREVIEW_SOURCE_SIZE,
} from './preview-renderer';
export { turnedLayout } from './turned-layout';
