from typing import Literal

AddLargeGalleryViewOperationOdataType = Literal["#microsoft.graph.addLargeGalleryViewOperation"]

ADD_LARGE_GALLERY_VIEW_OPERATION_ODATA_TYPE_VALUES: set[AddLargeGalleryViewOperationOdataType] = {
    "#microsoft.graph.addLargeGalleryViewOperation",
}


def check_add_large_gallery_view_operation_odata_type(value: str) -> AddLargeGalleryViewOperationOdataType:
    if value in ADD_LARGE_GALLERY_VIEW_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ADD_LARGE_GALLERY_VIEW_OPERATION_ODATA_TYPE_VALUES!r}"
    )
